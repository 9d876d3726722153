"""``skillgraph train | evaluate | model list|show`` and ``skillgraph predict related-skills |
career-transitions``.

torch and sentence-transformers are imported inside the commands only, so ``--help`` stays fast.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from graph.cli.common import console, driver, make_progress, report_errors, settings
from graph.cli.predict_cmd import predict_app

model_app = typer.Typer(help="Saved model versions.", no_args_is_help=True)

DEFAULT_EPOCHS = 120
"""``ModelConfig.epochs``, repeated here so that the CLI imports no torch."""
Epochs = Annotated[int, typer.Option("--epochs", min=1, help="Maximum training epochs.")]
Seed = Annotated[int, typer.Option("--seed", help="Seed of split, initialisation, negatives.")]
Hidden = Annotated[int, typer.Option("--hidden", min=8, help="Embedding dimension.")]
Threads = Annotated[int, typer.Option("--threads", min=1, help="CPU threads for torch.")]
InputFile = Annotated[Path, typer.Option("--input", exists=True, dir_okay=False,
                                         help="One id a line.")]
K = Annotated[int, typer.Option("--k", min=1, max=1000, help="Predictions per source.")]
Output = Annotated[Path, typer.Option("--output", help="JSON Lines file to write.")]


def _quiet_driver() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    logging.getLogger("neo4j").setLevel(logging.ERROR)


def _cache_dir() -> Path:
    return settings().home / "cache" / "text-embeddings"


def _metrics_table(title: str, metrics: dict[str, dict[str, dict[str, float]]]) -> Table:
    table = Table(title=title)
    for col in ("task", "method", "AUC", "MRR", "Hits@1", "Hits@10", "Hits@50"):
        table.add_column(col, justify="left" if col in ("task", "method") else "right")
    for task, methods in metrics.items():
        for method, m in sorted(methods.items(), key=lambda kv: -kv[1]["mrr"]):
            style = "bold green" if method == "model" else None
            table.add_row(task, method, *(f"{m[k]:.3f}" for k in
                                          ("auc", "mrr", "hits@1", "hits@10", "hits@50")),
                          style=style)
    return table


def train(epochs: Epochs = DEFAULT_EPOCHS, seed: Seed = 0, hidden: Hidden = 128,
          threads: Threads = 1,
          write_back: Annotated[bool, typer.Option(help="Write vectors back to Neo4j.")] = True,
          ) -> None:
    """Export the graph, train the link predictor, evaluate it and write the embeddings back
    (with the label vectors that give ``search`` the meaning of its text)."""
    _quiet_driver()
    from gnn.model import ModelConfig
    from gnn.service import Hooks, train_and_publish

    config = ModelConfig(epochs=epochs, hidden=hidden, threads=threads)
    s = settings()
    with driver() as d, make_progress() as progress:
        enc = progress.add_task("Encoding texts (MiniLM)", total=None, visible=False)
        ep = progress.add_task("Training", total=epochs, visible=False)
        wr = progress.add_task("Writing vectors", total=None, visible=False)
        lv = progress.add_task("Writing label vectors (search)", total=None, visible=False)

        def on_encoding(done: int, total: int) -> None:
            progress.update(enc, completed=done, total=total, visible=True)

        def on_epoch(epoch: int, row: dict[str, float]) -> None:
            progress.update(ep, completed=epoch, visible=True,
                            description=f"Training (val MRR {row['val_mrr']:.3f})")

        def on_write(n: int, total: int) -> None:
            progress.update(wr, advance=n, total=total, visible=True)

        def on_labels(done: int, total: int) -> None:
            progress.update(lv, completed=done, total=total, visible=True)

        def on_stage(name: str) -> None:
            if name == "label vectors":
                progress.update(enc, completed=0, total=None)
            if name == "save":
                progress.update(ep, total=progress.tasks[ep].completed)
            progress.console.print(f"[dim]{name}...[/]")

        outcome = train_and_publish(
            d, models_dir=s.effective_models_dir, cache_dir=_cache_dir(), config=config,
            seed=seed, database=s.neo4j_database,
            hooks=Hooks(stage=on_stage, encoding=on_encoding, epoch=on_epoch,
                        writing=on_write, labels=on_labels), write_back=write_back)
    console.print(_metrics_table(f"Test split (seed {seed})", outcome.metrics["test"]))
    console.print(f"Model {outcome.version} saved in {outcome.path}"
                  + (f"; {outcome.written:,} nodes written back" if write_back else ""))
    console.print("Timings: " + ", ".join(f"{k} {v:.1f}" for k, v in outcome.timings.items()))


def evaluate(
    epochs: Epochs = DEFAULT_EPOCHS, seed: Seed = 0, hidden: Hidden = 128, threads: Threads = 1,
    seeds: Annotated[int, typer.Option("--seeds", min=1, help="How many seeds.")] = 3,
    output: Annotated[Path | None, typer.Option(
        "--output", help="Folder for evaluation.{json,md,png} (default: <models>/evaluation)")
    ] = None,
) -> None:
    """Model vs baselines on the test split over several seeds (JSON, Markdown and PNG)."""
    _quiet_driver()
    from gnn.export import export_graph
    from gnn.model import ModelConfig
    from gnn.pipeline import evaluate_seeds, node_features

    s = settings()
    config = ModelConfig(epochs=epochs, hidden=hidden, threads=threads)
    with driver() as d, console.status("Exporting the graph..."):
        export = export_graph(d, database=s.neo4j_database)
    with make_progress() as progress:
        enc = progress.add_task("Encoding texts (MiniLM)", total=None, visible=False)
        features = node_features(
            export, _cache_dir(), None,
            lambda done, total: progress.update(enc, completed=done, total=total, visible=True))
        tasks = {sd: progress.add_task(f"Seed {sd}", total=epochs)
                 for sd in range(seed, seed + seeds)}

        def on_seed(sd: int):  # type: ignore[no-untyped-def]
            def on_epoch(epoch: int, row: dict[str, float]) -> None:
                progress.update(tasks[sd], completed=epoch,
                                description=f"Seed {sd} (val MRR {row['val_mrr']:.3f})")
            return on_epoch

        report = evaluate_seeds(export, features, config, list(tasks), on_seed=on_seed)
    out = output or (s.effective_models_dir / "evaluation")
    paths = report.write(out)
    console.print(report.to_markdown(), markup=False, highlight=False)
    console.print("Wrote " + ", ".join(str(p) for p in paths))


def model_list() -> None:
    """Saved model versions with their test MRR."""
    from gnn.artifacts import list_artifacts

    found = list_artifacts(settings().effective_models_dir)
    table = Table(title=f"Models in {settings().effective_models_dir}")
    for col in ("version", "fingerprint", "related_skills MRR", "career_transitions MRR"):
        table.add_column(col)
    for info in found:
        h = info.headline()
        table.add_row(info.version, info.fingerprint,
                      *(f"{h[t]:.3f}" if t in h else "-"
                        for t in ("related_skills", "career_transitions")))
    console.print(table)


def model_show(version: Annotated[str | None, typer.Argument(
        help="Version (default: the newest).")] = None) -> None:
    """Config, metrics and data fingerprint of one saved model."""
    from gnn.artifacts import find_artifact

    info = find_artifact(settings().effective_models_dir, version)
    print(json.dumps({"version": info.version, "path": str(info.path),
                      "fingerprint": info.fingerprint, "config": info.config,
                      "metrics": info.metrics}, indent=2))


def _run_predictions(kind: str, input_file: Path, k: int, output: Path) -> None:
    _quiet_driver()
    from gnn import predict

    if kind == "skills":
        ids = predict.read_ids(input_file, predict.is_skill, "an ESCO skill URI")
    else:
        ids = predict.read_ids(input_file, predict.is_occupation,
                               "an O*NET-SOC code (15-1252.00) or an ESCO occupation URI")
    s = settings()
    with driver() as d, make_progress() as progress:
        task = progress.add_task("Predicting", total=len(ids))

        def advance(n: int) -> None:
            progress.advance(task, n)

        fn = predict.related_skills if kind == "skills" else predict.career_transitions
        n, empty = predict.write_jsonl(
            fn(d, ids, k, database=s.neo4j_database, on_progress=advance), output)
    console.print(f"Wrote {n:,} lines to {output}"
                  + (f" ({empty:,} sources unknown or without vectors)" if empty else ""))


def related_skills(input_file: InputFile, output: Output, k: K = 10) -> None:
    """The K skills most related to each skill URI of FILE (JSON Lines, best first)."""
    _run_predictions("skills", input_file, k, output)


def career_transitions(input_file: InputFile, output: Output, k: K = 10) -> None:
    """The K likeliest next occupations for each O*NET-SOC code or ESCO occupation URI."""
    _run_predictions("occupations", input_file, k, output)


def register(app: typer.Typer, *, load_app: typer.Typer) -> None:
    """Add this group's commands to the ``skillgraph`` app."""
    app.command("train")(report_errors(train))
    app.command("evaluate")(report_errors(evaluate))
    model_app.command("list")(report_errors(model_list))
    model_app.command("show")(report_errors(model_show))
    app.add_typer(model_app, name="model")
    predict_app.command("related-skills")(report_errors(related_skills))
    predict_app.command("career-transitions")(report_errors(career_transitions))
