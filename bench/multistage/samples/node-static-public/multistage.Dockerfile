FROM node:18 AS build

WORKDIR /srv/status-page

COPY package.json package-lock.json ./
RUN npm ci --omit=dev

COPY . .
# fingerprint the files in public/ (public/asset-manifest.json)
RUN npm run build

FROM node:18-slim

WORKDIR /srv/status-page

# server.js, the production node_modules and public/ (served and read at run time, with the
# manifest the build wrote into it): the whole app folder
COPY --from=build /srv/status-page /srv/status-page

ENV PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s \
  CMD node -e "require('http').get('http://127.0.0.1:8080/api/status', r => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"

USER node
CMD ["node", "server.js", "--self-check"]
