/** Ready-to-paste configuration for the Opik SDKs, filled in with the new key. */
export function usageSnippet(key: string, workspace: string | null): string {
  const ws = workspace ?? "your-workspace";
  return [
    "# Environment (recommended)",
    "export OPIK_URL_OVERRIDE=https://your-opik-host/api  # your Opik backend",
    `export OPIK_API_KEY=${key}`,
    `export OPIK_WORKSPACE=${ws}`,
    "",
    "# Python",
    "import opik",
    `client = opik.Opik(api_key="${key}", workspace="${ws}")`,
    "",
    "// TypeScript",
    'import { Opik } from "opik";',
    `const client = new Opik({ apiKey: "${key}", workspaceName: "${ws}" });`,
  ].join("\n");
}
