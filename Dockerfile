# Service Accounts Admin: the production server (`npm start`) on Node 20, as a non-root user.
# Build: docker build -t service-accounts-admin .   Run: see README "Deployment".
# The npm steps are the ones CI runs (`npm ci`, `next build` through `npm run build`); images could
# not be built on the machines this project is developed on (no Docker engine there).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app /app
# The embedded database and the generated session secret live in .data (use DATABASE_URL for Postgres).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
VOLUME ["/app/.data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["npm", "start"]
