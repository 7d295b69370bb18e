/** Why a credential was refused: the codes every authentication endpoint answers with. */
export type VerifyFailureCode =
  | "missing_key"
  | "malformed_key"
  | "unknown_key"
  | "disabled_key"
  | "disabled_account"
  | "expired_key"
  | "unknown_workspace"
  | "workspace_not_authorized"
  | "no_default_workspace";

export type VerifyFailure = { valid: false; code: VerifyFailureCode; message: string };
