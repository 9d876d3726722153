"""Write the schema in SDL to ``api/schema.graphql`` (``python -m api.export_schema``)."""

from __future__ import annotations

from api.schema import SCHEMA_FILE, schema_sdl


def main() -> None:
    SCHEMA_FILE.write_text(schema_sdl(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")


if __name__ == "__main__":
    main()
