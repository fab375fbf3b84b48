# One image for the web app, the workers and the CLI; compose.yaml picks the command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install --global pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile && pnpm exec turbo run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
EXPOSE 3000 3001
CMD ["node", "apps/worker/dist/main.js"]
