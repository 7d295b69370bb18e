import { NativeSelect } from "@/components/ui/input";
import type { ControlProps } from "@/components/forms/form-field";

/** The three roles, most restricted first; the labels say what each may do. */
export function RoleSelect(props: ControlProps & { defaultValue?: string; disabled?: boolean }) {
  return (
    <NativeSelect {...props}>
      <option value="member">member (Opik&apos;s web UI only)</option>
      <option value="viewer">viewer (reads the dashboard)</option>
      <option value="admin">admin</option>
    </NativeSelect>
  );
}
