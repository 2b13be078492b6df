# syntax=docker/dockerfile:1
# One Dockerfile for the whole suite.
#   docker build --target runtime --build-arg APP=gateway --build-arg PORT=3000 -t mesa/gateway .
#   docker build --target migrate -t mesa/migrate .
# The build stage compiles all six apps once, so building the six images reuses one cached build.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    npm_config_update_notifier=false

# Every dependency, dev ones included: the build needs Nx and webpack, the migration needs
# @swc-node/register to load the TypeORM migrations written in TypeScript.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund

FROM deps AS source
COPY . .

FROM source AS build
# Only the apps: webpack compiles the source libraries in through the tsconfig paths.
RUN npx nx run-many -t build --projects=tag:type:app --parallel=2 --excludeTaskDependencies

# Production dependencies only, from the same lockfile. Install scripts stay off, as in
# package.json's allowScripts: the runtime needs none of them.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# One-shot schema migration (docker compose `migrate`, the Kubernetes Job): the same command as
# `npm run db:migrate`, against DATABASE_URL.
FROM source AS migrate
USER 1000:1000
CMD ["node", "tools/launcher/migrate.mjs"]

# One app's files; the gateway's also carry the web app it serves (found as web/ beside main.js).
FROM build AS bundle
ARG APP
# (A wrong APP copies nothing; the runtime stage then says what APP must be.)
RUN mkdir -p /bundle && { cp -r "dist/apps/${APP}/." /bundle/ 2>/dev/null || true; } \
    && if [ "${APP}" = gateway ]; then cp -r dist/apps/web /bundle/web; fi

FROM ${NODE_IMAGE} AS runtime
ARG APP
ARG PORT=3000
WORKDIR /app
ENV NODE_ENV=production \
    PORT=${PORT} \
    STORAGE_DIR=/var/lib/mesa/storage
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=bundle /bundle/ ./
RUN test -n "${APP}" && test -f main.js \
      || { echo "build arg APP must name one of apps/* (gateway, documentos-service, ...)" >&2; exit 1; } \
    && mkdir -p "${STORAGE_DIR}" && chown 1000:1000 "${STORAGE_DIR}"
# The image's `node` user, by number so that Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE ${PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health/ready`, { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "main.js"]
