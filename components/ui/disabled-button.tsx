"use client";
import type * as React from "react";
import { Tooltip, TooltipContent, TooltipTrigger } from "./tooltip";

/**
 * A button that cannot be used, and says why. Not the `disabled` attribute: a disabled button
 * leaves the tab order and shows no title, so keyboard and screen-reader users never learn the
 * reason. This one stays focusable with `aria-disabled`, swallows its clicks (a Radix trigger
 * around it sees the prevented default and does not open), and shows the reason in a tooltip on
 * hover and on focus, which Radix ties to it with `aria-describedby`.
 */
export function DisabledButton({ reason, onClick: _ignored, disabled: _native, ...props }: React.ComponentProps<"button"> & { reason: string }) {
  return (
    <Tooltip>
      <TooltipTrigger asChild>
        <button
          {...props}
          aria-disabled="true"
          data-disabled=""
          onClick={(event) => {
            event.preventDefault();
            event.stopPropagation();
          }}
        />
      </TooltipTrigger>
      <TooltipContent>{reason}</TooltipContent>
    </Tooltip>
  );
}
