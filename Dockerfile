# The app image: the built SPA served by the Python backend.
FROM node:20-bookworm-slim AS spa
WORKDIR /src
COPY schema.graphql ./
COPY frontend/package.json frontend/package-lock.json frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY frontend frontend
RUN cd frontend && npm run build

FROM python:3.11-slim-bookworm
WORKDIR /app
COPY backend backend
RUN pip install --no-cache-dir ./backend
COPY --from=spa /src/frontend/dist /app/frontend/dist
ENV CASEBOOK_STATIC_DIR=/app/frontend/dist \
    CASEBOOK_ENV=production
EXPOSE 8000
CMD ["sh", "-c", "casebook migrate && casebook serve --host 0.0.0.0 --port 8000 --workers ${WORKERS:-2}"]
