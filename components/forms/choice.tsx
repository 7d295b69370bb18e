"use client";
import { useId, type ReactNode } from "react";
import { cn } from "@/lib/utils";

/**
 * One radio button or checkbox with its label and a description that assistive tech reads after
 * the label (aria-describedby), so the accessible name stays the label alone.
 */
export function Choice({
  type,
  name,
  value,
  checked,
  onChange,
  label,
  description,
  labelClassName,
  className,
}: {
  type: "radio" | "checkbox";
  name: string;
  value: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ReactNode;
  description: ReactNode;
  labelClassName?: string;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={cn("flex items-start gap-2 text-sm", className)}>
      <input
        type={type}
        id={id}
        name={name}
        value={value}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-text`}
        className="mt-0.5 size-4 shrink-0 accent-primary"
      />
      <span className="grid gap-0.5">
        <label htmlFor={id} className={labelClassName}>
          {label}
        </label>
        <span id={`${id}-text`} className="text-xs text-muted-foreground">
          {description}
        </span>
      </span>
    </div>
  );
}
