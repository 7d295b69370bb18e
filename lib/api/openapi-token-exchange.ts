/** POST /api/v1/token-exchange in the OpenAPI document (lib/api/token-exchange.ts; docs/keyless-ci.md). */
export function tokenExchangePaths(): Record<string, unknown> {
  const request = {
    type: "object",
    required: ["grant_type", "subject_token", "subject_token_type"],
    additionalProperties: false,
    properties: {
      grant_type: { const: "urn:ietf:params:oauth:grant-type:token-exchange" },
      subject_token: { type: "string", maxLength: 16384, description: "The pipeline's OIDC identity token (a JWT)" },
      subject_token_type: { enum: ["urn:ietf:params:oauth:token-type:jwt", "urn:ietf:params:oauth:token-type:id_token"] },
      requested_token_type: { const: "urn:ietf:params:oauth:token-type:access_token" },
      audience: { type: "string", description: "Accepted and ignored: the key is for this service" },
      resource: { type: "string", description: "Accepted and ignored" },
      scope: { type: "string", description: "Accepted and ignored: the trusted pipeline sets the key's scope" },
    },
  };
  const error = {
    type: "object",
    required: ["error", "error_description"],
    properties: {
      error: { enum: ["invalid_request", "invalid_grant", "unsupported_grant_type", "temporarily_unavailable"] },
      error_description: { type: "string", description: "What did not match (a claim's name and the token's value), never the token" },
    },
  };
  const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: error } } });
  return {
    "/api/v1/token-exchange": {
      post: {
        operationId: "exchangeToken",
        summary: "Keyless CI: trade a pipeline's OIDC identity token for a short-lived API key (RFC 8693)",
        tags: ["Trusted pipelines"],
        security: [],
        requestBody: { required: true, content: { "application/x-www-form-urlencoded": { schema: request }, "application/json": { schema: request } } },
        responses: {
          "200": {
            description: "An API key of the trusted pipeline's service account",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: {
                    access_token: { type: "string", description: "An ordinary API key: Authorization for Opik (OPIK_API_KEY)" },
                    issued_token_type: { const: "urn:ietf:params:oauth:token-type:access_token" },
                    token_type: { const: "Bearer" },
                    expires_in: { type: "integer", description: "Seconds until the key expires" },
                    service_account: { type: "string" },
                    workspace: { type: ["string", "null"], description: "The workspace the key is meant for (OPIK_WORKSPACE)" },
                  },
                },
              },
            },
          },
          "400": errorResponse("A malformed request or token (invalid_request)"),
          "401": errorResponse("The token is not accepted (invalid_grant): the description says which check failed"),
          "429": errorResponse("Too many refused exchanges from this address for this issuer (Retry-After)"),
          "503": errorResponse("The issuer's discovery document or keys could not be fetched (temporarily_unavailable, Retry-After)"),
        },
      },
    },
  };
}
