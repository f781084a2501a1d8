FROM node:18 AS build

ENV NODE_ENV production

WORKDIR /home/node/app

COPY package.json package-lock.json ./
RUN npm install --omit=dev

COPY . .
# compile routes/*.yml into build/routes.json
RUN npm run build

FROM node:18-slim

ENV NODE_ENV production

WORKDIR /home/node/app

# everything in the app folder is needed at run time: server.js, package.json (npm start),
# build/routes.json and the production node_modules (no devDependencies were installed)
COPY --from=build /home/node/app /home/node/app

EXPOSE 3000
CMD ["npm", "start"]
