FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The dashboard's pages (served at /dashboard): plain files the build does not compile, found from dist/ beside it.
COPY --from=build /app/apps/api/dashboard ./apps/api/dashboard
COPY package.json ./
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
