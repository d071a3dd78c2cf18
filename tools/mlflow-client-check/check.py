"""Drives MLflow's own Python client against a running MlOpsPortal and reports each call.

Needs MLflow's Python client importable (see README.md beside this file) and:
    MLFLOW_TRACKING_URI=http://127.0.0.1:5080   MLFLOW_TRACKING_TOKEN=mlp_...   python3 check.py

Each check prints PASS or FAIL with the reason; the script goes on after a failure and exits 1 if any check
failed. It creates a fresh experiment (mlflow-client-check-<time>) and leaves it there to look at in the UI.
"""

import json
import os
import sys
import tempfile
import time
import traceback
import urllib.request

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunStatus, RunTag, ViewType
from mlflow.exceptions import MlflowException

results = []
gaps = []


def check(name, known_gap=False):
    """Runs fn as one named check; an exception or a failed assert is a FAIL, and the script goes on.

    known_gap: a call the portal is known not to support (docs/mlflow-client.md); its failure prints GAP and
    does not fail the script, and its success prints FIXED so the doc can be updated.
    """

    def wrap(fn):
        try:
            detail = fn()
            results.append((name, True, detail or ""))
            print(f"{'FIXED' if known_gap else 'PASS '} {name}" + (f"  ({detail})" if detail else ""), flush=True)
        except Exception as e:  # noqa: BLE001 - a check reports whatever went wrong
            first = (str(e).splitlines() or [""])[0][:300]
            reason = f"{type(e).__name__}: {first}"
            (gaps if known_gap else results).append((name, False, reason))
            print(f"{'GAP  ' if known_gap else 'FAIL '} {name}: {reason}", flush=True)
            if os.environ.get("CHECK_TRACEBACK"):
                traceback.print_exc()
        return fn

    return wrap


def expect_error(fn, code):
    try:
        fn()
    except MlflowException as e:
        assert e.error_code == code, f"error_code {e.error_code}, expected {code}: {e.message}"
        return e.message.splitlines()[0][:200]
    raise AssertionError(f"no error raised, expected {code}")


def portal_get(path):
    """GET on the portal's own API (/api/v1/...) with the same token."""
    base = os.environ["MLFLOW_TRACKING_URI"].rstrip("/")
    req = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"]})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def portal_post(path, body):
    base = os.environ["MLFLOW_TRACKING_URI"].rstrip("/")
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": "Bearer " + os.environ["MLFLOW_TRACKING_TOKEN"], "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


for var in ("MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_TOKEN"):
    if not os.environ.get(var):
        sys.exit(f"set {var} (see README.md)")

print(f"MLflow {mlflow.__version__} against {os.environ['MLFLOW_TRACKING_URI']}", flush=True)
client = MlflowClient()
name = f"mlflow-client-check-{int(time.time())}"
s = {}  # state shared between checks


@check("set_experiment creates the experiment")
def _():
    exp = mlflow.set_experiment(name)
    s["exp"] = exp.experiment_id
    assert exp.name == name
    return f"experiment_id {exp.experiment_id}"


@check("get_experiment_by_name")
def _():
    exp = client.get_experiment_by_name(name)
    assert exp is not None and exp.experiment_id == s["exp"], exp
    assert client.get_experiment_by_name(name + "-missing") is None


@check("start_run with a run name; log_param(s), log_metric with steps, log_metrics, set_tag(s)")
def _():
    with mlflow.start_run(run_name="parent") as run:
        s["parent"] = run.info.run_id
        assert run.info.run_name == "parent", run.info.run_name
        mlflow.log_param("lr", 0.01)
        mlflow.log_params({"depth": 6, "optimizer": "adam"})
        for step in range(5):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        mlflow.log_metrics({"acc": 0.9, "auc": 0.95}, step=4)
        mlflow.set_tag("team", "mlops")
        mlflow.set_tags({"stage": "check", "mlflow.note.content": "logged by tools/mlflow-client-check"})

        with mlflow.start_run(run_name="child", nested=True) as child:
            s["child"] = child.info.run_id
            mlflow.log_param("lr", 0.1)
            mlflow.log_metric("acc", 0.4)
        s["child_status"] = client.get_run(s["child"]).info.status

        # Artifacts: MLflow's client uploads through the mlflow-artifacts proxy when artifact_uri is mlflow-artifacts:/...
        s["artifact_uri"] = run.info.artifact_uri
        try:
            with tempfile.TemporaryDirectory() as d:
                p = os.path.join(d, "notes.txt")
                with open(p, "w") as f:
                    f.write("hello from mlflow\n")
                mlflow.log_artifact(p)
                mlflow.log_artifact(p, artifact_path="sub/dir")
            mlflow.log_dict({"a": 1}, "config.json")
            s["artifacts"] = "ok"
        except Exception as e:  # noqa: BLE001 - reported by its own check below
            s["artifacts"] = f"{type(e).__name__}: {e}"
    return f"run {s['parent']}, artifact_uri {s['artifact_uri']}"


@check("nested child run ended FINISHED with mlflow.parentRunId")
def _():
    child = client.get_run(s["child"])
    assert s["child_status"] == "FINISHED", s["child_status"]
    assert child.data.tags.get("mlflow.parentRunId") == s["parent"], child.data.tags
    assert child.data.tags.get("mlflow.runName") == "child", child.data.tags


@check("end_run finished the parent; get_run returns params, latest metrics, tags")
def _():
    r = client.get_run(s["parent"])
    assert r.info.status == "FINISHED", r.info.status
    assert r.info.end_time and r.info.end_time >= r.info.start_time
    assert r.data.params == {"lr": "0.01", "depth": "6", "optimizer": "adam"}, r.data.params
    assert r.data.metrics == {"loss": 0.2, "acc": 0.9, "auc": 0.95}, r.data.metrics
    for k, v in {"team": "mlops", "stage": "check", "mlflow.runName": "parent"}.items():
        assert r.data.tags.get(k) == v, (k, r.data.tags)
    assert "mlflow.user" in r.data.tags and "mlflow.source.name" in r.data.tags, r.data.tags
    return f"user {r.info.user_id!r}, tags {sorted(r.data.tags)}"


@check("get_metric_history")
def _():
    h = client.get_metric_history(s["parent"], "loss")
    assert [m.step for m in h] == [0, 1, 2, 3, 4], [m.step for m in h]
    assert [round(m.value, 4) for m in h] == [1.0, 0.5, 0.3333, 0.25, 0.2]
    assert all(m.timestamp > 1_000_000_000_000 for m in h)


@check("MlflowClient.log_batch (metrics, params, tags)")
def _():
    now = int(time.time() * 1000)
    client.log_batch(s["parent"],
                     metrics=[Metric("f1", 0.5 + i / 100, now + i, i) for i in range(10)],
                     params=[Param("batch_size", "32")],
                     tags=[RunTag("team", "platform")])
    r = client.get_run(s["parent"])
    assert r.data.params["batch_size"] == "32" and r.data.tags["team"] == "platform", r.data
    assert abs(r.data.metrics["f1"] - 0.59) < 1e-9, r.data.metrics


@check("log_batch of 2500 metrics (the client splits it into batches of 1000)")
def _():
    client.log_batch(s["parent"], metrics=[Metric("big", float(i), 1_700_000_000_000 + i, i) for i in range(2500)])
    assert len(client.get_metric_history(s["parent"], "big")) == 2500


@check("one REST log-batch of 1001 metrics is INVALID_PARAMETER_VALUE")
def _():
    store = client._tracking_client.store  # RestStore: no client-side splitting
    return expect_error(lambda: store.log_batch(s["parent"], metrics=[Metric("m", 1.0, 1, i) for i in range(1001)],
                                                params=[], tags=[]), "INVALID_PARAMETER_VALUE")


@check("re-logging a param with another value raises INVALID_PARAMETER_VALUE; the same value is accepted")
def _():
    client.log_param(s["parent"], "lr", "0.01")
    return expect_error(lambda: client.log_param(s["parent"], "lr", "0.02"), "INVALID_PARAMETER_VALUE")


@check("get_run of an unknown run raises RESOURCE_DOES_NOT_EXIST")
def _():
    expect_error(lambda: client.get_run("0123456789abcdef0123456789abcdef"), "RESOURCE_DOES_NOT_EXIST")


@check("search_runs with a filter string and order_by")
def _():
    runs = client.search_runs([s["exp"]], filter_string="metrics.acc > 0.3 and attributes.status = 'FINISHED'",
                              order_by=["metrics.acc DESC"])
    ids = [r.info.run_id for r in runs]
    assert ids == [s["parent"], s["child"]], ids
    only = client.search_runs([s["exp"]], filter_string="params.lr = '0.1'")
    assert [r.info.run_id for r in only] == [s["child"]]
    named = client.search_runs([s["exp"]], filter_string="attributes.run_name = 'parent'")
    assert [r.info.run_id for r in named] == [s["parent"]]


@check("mlflow.search_runs(output_format='list') and a malformed filter")
def _():
    runs = mlflow.search_runs([s["exp"]], filter_string="tags.team = 'platform'", output_format="list")
    assert [r.info.run_id for r in runs] == [s["parent"]]
    return expect_error(lambda: client.search_runs([s["exp"]], filter_string="metrics.acc >>> 1"), "INVALID_PARAMETER_VALUE")


@check("search_experiments with a filter")
def _():
    exps = client.search_experiments(filter_string=f"name = '{name}'")
    assert [e.experiment_id for e in exps] == [s["exp"]], exps
    assert any(e.experiment_id == s["exp"] for e in client.search_experiments(order_by=["name ASC"]))


@check("update_run / set_terminated to FAILED")
def _():
    run = client.create_run(s["exp"], run_name="failed-run")
    s["failed"] = run.info.run_id
    client.update_run(run.info.run_id, status="FAILED")
    assert client.get_run(run.info.run_id).info.status == "FAILED"
    client.set_terminated(run.info.run_id, status=RunStatus.to_string(RunStatus.KILLED))
    r = client.get_run(run.info.run_id)
    assert r.info.status == "KILLED" and r.info.end_time, r.info


@check("delete_run hides the run from search; restore_run brings it back")
def _():
    client.delete_run(s["failed"])
    assert client.get_run(s["failed"]).info.lifecycle_stage == "deleted"
    active = [r.info.run_id for r in client.search_runs([s["exp"]])]
    assert s["failed"] not in active, active
    deleted = [r.info.run_id for r in client.search_runs([s["exp"]], run_view_type=ViewType.DELETED_ONLY)]
    assert deleted == [s["failed"]], deleted
    client.restore_run(s["failed"])
    assert client.get_run(s["failed"]).info.lifecycle_stage == "active"
    client.delete_run(s["failed"])


@check("log_artifact / log_dict through the mlflow-artifacts proxy")
def _():
    assert s.get("artifacts") == "ok", s.get("artifacts")
    top = sorted((f.path, f.is_dir) for f in client.list_artifacts(s["parent"]))
    assert top == [("config.json", False), ("notes.txt", False), ("sub", True)], top
    assert [f.path for f in client.list_artifacts(s["parent"], "sub/dir")] == ["sub/dir/notes.txt"]
    with tempfile.TemporaryDirectory() as d:
        local = client.download_artifacts(s["parent"], "notes.txt", d)
        assert open(local).read() == "hello from mlflow\n"
        whole = mlflow.artifacts.download_artifacts(run_id=s["parent"], dst_path=os.path.join(d, "all"))
        assert os.path.exists(os.path.join(whole, "sub", "dir", "notes.txt"))
    assert mlflow.artifacts.load_dict(s["artifact_uri"] + "/config.json") == {"a": 1}


@check("model registry: create_registered_model, create_model_version, get_registered_model, alias")
def _():
    model = f"{name}-model"
    client.create_registered_model(model, description="from the MLflow client check")
    mv = client.create_model_version(model, source=f"{s['artifact_uri']}/model", run_id=s["parent"])
    assert mv.version in ("1", 1), mv.version
    rm = client.get_registered_model(model)
    assert rm.name == model and rm.description == "from the MLflow client check", rm
    got = client.get_model_version(model, mv.version)
    assert got.run_id == s["parent"], got
    client.set_registered_model_alias(model, "champion", mv.version)
    assert client.get_model_version_by_alias(model, "champion").version == mv.version
    found = client.search_model_versions(f"name = '{model}'")
    assert [v.version for v in found] == [mv.version], found
    return f"{model} v{mv.version} status {got.status}"


@check("set_experiment_tag / set_experiment_tags")
def _():
    mlflow.set_experiment_tag("owner", "check")
    mlflow.set_experiment_tags({"owner": "check2", "kind": "smoke"})
    tags = client.get_experiment(s["exp"]).tags
    assert tags.get("owner") == "check2" and tags.get("kind") == "smoke", tags


@check("delete_tag")
def _():
    client.set_tag(s["parent"], "temp", "1")
    client.delete_tag(s["parent"], "temp")
    assert "temp" not in client.get_run(s["parent"]).data.tags


@check("log_metric with synchronous=False; NaN and infinity round-trip")
def _():
    client.log_metric(s["parent"], "async_m", 1.5, synchronous=False).wait()
    client.log_metric(s["parent"], "nan_m", float("nan"))
    client.log_metric(s["parent"], "inf_m", float("inf"))
    m = client.get_run(s["parent"]).data.metrics
    assert m["async_m"] == 1.5 and m["nan_m"] != m["nan_m"] and m["inf_m"] == float("inf"), m


@check("mlflow.log_input (runs/log-inputs)", known_gap=True)
def _():
    from mlflow.data.http_dataset_source import HTTPDatasetSource  # needs numpy
    from mlflow.data.meta_dataset import MetaDataset

    ds = MetaDataset(source=HTTPDatasetSource("http://127.0.0.1/data.csv"), name="data")
    client.log_inputs(s["parent"], [mlflow.entities.DatasetInput(ds._to_mlflow_entity(), [])])
    assert client.get_run(s["parent"]).inputs.dataset_inputs


@check("log_model's metadata call (runs/log-model; log_model itself only warns when it fails)", known_gap=True)
def _():
    from mlflow.models import Model

    client._record_logged_model(s["parent"], Model(artifact_path="model", run_id=s["parent"], flavors={"python_function": {}}))


@check("the runs appear through the portal's own API (/api/v1)")
def _():
    run = portal_get(f"/api/v1/runs/{s['parent']}")
    text = json.dumps(run)
    assert s["parent"] in text and "loss" in text, text[:300]
    page = portal_post(f"/api/v1/experiments/{s['exp']}/runs/search", {"orderBy": ["metrics.acc DESC"]})
    text = json.dumps(page)
    assert s["parent"] in text and s["child"] in text, text[:300]
    exps = json.dumps(portal_get(f"/api/v1/experiments?search={name}"))
    assert name in exps, exps[:300]


failed = [n for n, ok, _ in results if not ok]
print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed" + (f", {len(gaps)} known gaps" if gaps else ""))
print(f"experiment {name} (id {s.get('exp')}): open /experiments/{s.get('exp')} in the portal")
sys.exit(1 if failed else 0)
