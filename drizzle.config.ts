import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./db/schema.ts", "./db/schema-access.ts", "./db/schema-cache.ts", "./db/schema-sso.ts", "./db/schema-api.ts", "./db/schema-trust.ts"],
  out: "./db/migrations",
});
