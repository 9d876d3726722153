# The skillgraph GraphQL API.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
COPY graph ./graph
COPY gnn ./gnn
COPY api ./api
COPY cypher ./cypher
RUN pip install --no-cache-dir -r requirements.lock && pip install --no-cache-dir --no-deps -e .
RUN useradd --create-home skillgraph
USER skillgraph
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)" || exit 1
CMD ["skillgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
