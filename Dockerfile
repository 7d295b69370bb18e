# Service Accounts Admin: the production server on Node.js 22 (LTS), as a non-root user, with node
# itself as the container's main process, so that `docker stop` reaches its clean stop (README
# "Deployment"), and only the files it loads. Build: docker build -t service-accounts-admin .
# Behind a TLS-intercepting proxy, give npm the proxy's CA for this build only (not kept in the image):
#   docker build --build-arg EXTRA_CA_CERTS="$(cat corp-ca.pem)" -t service-accounts-admin .
# tests/container/image.test.ts builds and runs this file unchanged.

FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
ARG EXTRA_CA_CERTS=""
COPY package.json package-lock.json ./
RUN if [ -n "$EXTRA_CA_CERTS" ]; then printf '%s\n' "$EXTRA_CA_CERTS" > /tmp/extra-ca.pem && export NODE_EXTRA_CA_CERTS=/tmp/extra-ca.pem; fi \
  && npm ci \
  && rm -f /tmp/extra-ca.pem
COPY . .
# `npm run build`: the Next.js app (.next) and the server compiled to dist/server.js. The Next.js
# config is compiled too, so that the runtime needs no SWC binary to read next.config.ts. Then only
# the files the server loads are gathered (scripts/runtime-files.mjs: Next.js's traces and the
# compiled server's), .next apart because the server may write there.
RUN npm run build \
  && npx esbuild next.config.ts --bundle --platform=node --format=esm --log-level=warning --outfile=next.config.mjs \
  && node scripts/runtime-files.mjs /runtime \
  && mv /runtime/.next /runtime-next

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 NEXT_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Read-only for the server (owned by root), except .next and the data folder.
COPY --from=build /runtime/ ./
COPY --from=build --chown=node:node /runtime-next/ ./.next/
# The embedded database and the generated session secret live in .data (use DATABASE_URL for Postgres).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
VOLUME ["/app/.data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "deploy/healthcheck.mjs"]
CMD ["node", "dist/server.js"]
