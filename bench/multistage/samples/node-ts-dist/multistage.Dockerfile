FROM node:18 AS build

# Create app directory
WORKDIR /usr/src/app

# Install app dependencies (package-lock.json too, for npm ci)
COPY package*.json ./
RUN npm ci

# Bundle app source and compile the TypeScript
COPY . .
RUN npm run build

FROM node:18-slim

WORKDIR /usr/src/app

# production dependencies only: typescript and the type packages stay in the build stage
COPY package*.json ./
RUN npm ci --omit=dev

COPY --from=build /usr/src/app/dist /usr/src/app/dist

ENV NODE_ENV=production
USER node

CMD ["node", "dist/index.js"]
