#!/usr/bin/env python3
"""Builds the extra training rows of the Guardian's learned stage from public labelled sets.

Reads the source files from local git snapshots of their public GitHub repositories (at the commits recorded in
SOURCES.md), cleans them like the dev set (../shared/eval/guardian/README.md: English only, at most 4,000
characters, exact and near duplicates collapsed), removes every row that duplicates or nearly duplicates a dev row
or another extra row (word 3-gram Jaccard >= 0.8; a near-duplicate group with conflicting labels is dropped whole)
and writes them as JSONL rows of the dev set's format, plus a manifest (id, label, SHA-256 of the text; the id
prefix names the source, whose repository, path, commit and licence SOURCES.md lists).

Usage: prepare_training_data.py <mirror-root> <dev.jsonl> <out.jsonl> <manifest.tsv>
  <mirror-root>/<owner>+<name>/repo is a bare git directory of each source repository.

Never reads the acceptance set's files (listed in ../shared/eval/guardian/README.md).
"""
import csv
import hashlib
import io
import json
import random
import re
import subprocess
import sys
from collections import defaultdict

MAX_CHARS = 4000
NEAR = 0.8
SEED = 20261130

JACKHHAO = ("jackhhao/llm-warden", "7bfdc5aaa72ed692ec23117204c0f5bc02b31005")
ACP = ("f/awesome-chatgpt-prompts", "2ecbfc6022136ea9513eb7745da9a38375529864")
GPTFUZZ = ("sherdencooper/GPTFuzz", "1eddeb565740ae311b5f4950492b011a6f866fe7")
SELF_INSTRUCT = ("yizhongw/self-instruct", "0b26ccaa415992100fa32df62d41b994cf928e23")
GSM8K = ("openai/grade-school-math", "3101c7d5072418e28b9008a6636bde82a006892c")
GISKARD = ("Giskard-AI/giskard", "cbc211ea3b002fe03f9c29acb51825b4d3943ad3")
DEEPSET = ("sinanw/llm-security-prompt-injection", "c8af0b015a9a4f3380f9e20214828c2dbeadc72c")
PARAPET = ("Parapet-Tech/parapet", "85fc505d07c7bfe1e68c803aecb5704706b4d0d7")
GANDALF_TRAIN_ROWS = 777  # Lakera/gandalf_ignore_instructions: train 777, validation 111, test 112 rows, in this order


def show_bytes(root, repo, commit, path):
    git_dir = f"{root}/{repo.replace('/', '+')}/repo"
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout


def show(root, repo, commit, path):
    return show_bytes(root, repo, commit, path).decode("utf-8")


def key(text):
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def shingles(text):
    words = key(text).split()
    return {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}


def english(text):
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) >= 0.97


def row(rid, text, label, repo, commit, path, licence):
    return {"id": rid, "text": text, "label": label, "source": f"{repo}:{path}", "license": licence,
            "commit": commit}


def jackhhao(root):
    repo, commit = JACKHHAO
    read = lambda p: list(csv.DictReader(io.StringIO(show(root, repo, commit, p))))
    # The acceptance set holds rows of the balanced test split. That file is never read: its rows are the balanced
    # full set minus the balanced train split, and every row whose text is among those is left out (leak guard).
    balanced_train = {key(r["prompt"]) for r in read("datasets/balanced/jailbreak_dataset_train_balanced.csv")}
    balanced_other = {key(r["prompt"]) for r in read("datasets/balanced/jailbreak_dataset_full_balanced.csv")}
    guard = balanced_other - balanced_train
    guard |= {key(r["prompt"]) for r in read("datasets/default/jailbreak_dataset_test.csv")}
    path = "datasets/default/jailbreak_dataset_train.csv"
    out, guarded = [], 0
    for i, r in enumerate(read(path)):
        if key(r["prompt"]) in guard:
            guarded += 1
            continue
        label = "injection" if r["type"] == "jailbreak" else "benign"
        out.append(row(f"jackhhao-default-train-{i:04d}", r["prompt"], label, repo, commit, path,
                       "Apache-2.0 (dataset card); repository MIT"))
    print(f"jackhhao default train: {len(out)} rows, {guarded} left out by the leak guard", file=sys.stderr)
    return out


def csv_rows(root, source, path, prefix, column, label, licence, keep=lambda r: True):
    """Every row of one CSV file, ids numbered by the row's index in the file."""
    repo, commit = source
    return [row(f"{prefix}-{i:03d}", r[column], label, repo, commit, path, licence)
            for i, r in enumerate(csv.DictReader(io.StringIO(show(root, repo, commit, path)))) if keep(r)]


def acp(root):
    return csv_rows(root, ACP, "prompts.csv", "acp-full", "prompt", "benign", "CC0-1.0")


def gptfuzz(root):
    return csv_rows(root, GPTFUZZ, "datasets/prompts/GPTFuzzer.csv", "gptfuzz", "text", "injection", "MIT")


def giskard(root):
    """Jailbreaks (from garak, Apache-2.0) and goal hijacks (from PromptInject, MIT) that Giskard collected."""
    return csv_rows(root, GISKARD, "giskard/llm/injection_data/injection_prompts_data.csv", "giskard", "prompt",
                    "injection", "Apache-2.0 (Giskard; garak Apache-2.0, PromptInject MIT)",
                    keep=lambda r: r["language"] == "en")


def self_instruct(root):
    """The instruction plus the first instance's input, when there is one."""
    repo, commit = SELF_INSTRUCT
    out = []
    for prefix, path in (("seed", "data/seed_tasks.jsonl"), ("user", "human_eval/user_oriented_instructions.jsonl")):
        for line in show(root, repo, commit, path).splitlines():
            task = json.loads(line)
            instance = task["instances"][0]["input"]
            text = task["instruction"] + ("\n" + instance if instance else "")
            out.append(row(f"selfinstruct-{prefix}-{task['id']}", text, "benign", repo, commit, path, "Apache-2.0"))
    return out


def gsm8k(root, count=250):
    repo, commit = GSM8K
    path = "grade_school_math/data/test.jsonl"
    questions = [json.loads(line)["question"] for line in show(root, repo, commit, path).splitlines()]
    picked = sorted(random.Random(SEED).sample(range(len(questions)), count))
    return [row(f"gsm8k-test-{i:04d}", questions[i], "benign", repo, commit, path, "MIT") for i in picked]


def deepset(root):
    """deepset/prompt-injections, both splits (the dev set holds some of their English rows; the rest are new).

    Rows labelled injection that are only a plain role request ("I want you to act as ...") are left out, as in the
    dev set (they contradict the label definitions of ../shared/eval/guardian/README.md)."""
    import pyarrow.parquet as pq  # only this source needs it

    repo, commit = DEEPSET
    out, role_requests = [], 0
    for split, path in (("train", "data/raw/train-00000-of-00001-9564e8b05b4757ab.parquet"),
                        ("test", "data/raw/test-00000-of-00001-701d16158af87368.parquet")):
        table = pq.read_table(io.BytesIO(show_bytes(root, repo, commit, path))).to_pylist()
        for i, r in enumerate(table):
            label = "injection" if r["label"] == 1 else "benign"
            if label == "injection" and re.match(r"\s*i want you to act as", r["text"], re.IGNORECASE):
                role_requests += 1
                continue
            out.append(row(f"deepset-full-{split}-{i:04d}", r["text"], label, repo, commit, path, "Apache-2.0"))
    print(f"deepset: {len(out)} rows, {role_requests} plain role requests left out", file=sys.stderr)
    return out


def parapet_yaml(root, name):
    import yaml  # only these sources need it

    repo, commit = PARAPET
    path = f"schema/eval/{name}.yaml"
    return path, yaml.safe_load(show(root, repo, commit, path))


def gandalf_train(root):
    """Lakera's gandalf_ignore_instructions *train* split, from the copy of all three splits Parapet keeps (its ids
    number the rows of train, validation and test in this order). Only ids below the train split's size are read:
    the test split is an acceptance file."""
    repo, commit = PARAPET
    path, cases = parapet_yaml(root, "opensource_gandalf_attacks")
    out = []
    for case in cases:
        index = int(case["id"].rsplit("-", 1)[1])
        if index < GANDALF_TRAIN_ROWS:
            out.append(row(f"gandalf-train-{index:03d}", case["content"], "injection", repo, commit, path,
                           "MIT (Lakera dataset card); repository Apache-2.0"))
    return out


def jbb_benign(root):
    """JailbreakBench's benign behaviours: harmless requests on sensitive topics (hard negatives)."""
    repo, commit = PARAPET
    path, cases = parapet_yaml(root, "opensource_jbb_benign")
    return [row(f"jbb-benign-{int(c['id'].rsplit('-', 1)[1]):03d}", c["content"], "benign", repo, commit, path,
                "MIT (JailbreakBench); repository Apache-2.0") for c in cases]


def main(root, dev_path, out_path, manifest_path):
    dev = [json.loads(line) for line in open(dev_path, encoding="utf-8") if line.strip()]
    candidates = (jackhhao(root) + acp(root) + gptfuzz(root) + giskard(root) + self_instruct(root) + gsm8k(root)
                  + deepset(root) + gandalf_train(root) + jbb_benign(root))
    dropped = defaultdict(int)
    kept = [r for r in candidates if len(r["text"]) <= MAX_CHARS and r["text"].strip() and english(r["text"])]
    dropped["length or language"] = len(candidates) - len(kept)

    # Near-duplicate search through an inverted index of word 3-grams: dev rows first, then the extra rows.
    index = defaultdict(list)
    sets = []
    for r in dev:
        sets.append(shingles(r["text"]))
    for r in kept:
        sets.append(shingles(r["text"]))
    labels = [r["label"] for r in dev] + [r["label"] for r in kept]
    n_dev = len(dev)
    exact = {}
    out = []
    conflicts = set()
    accepted = []
    for i, s in enumerate(sets):
        k = key((dev + kept)[i]["text"])
        match = exact.get(k)
        if match is None:
            shared = defaultdict(int)
            for g in s:
                for j in index[g]:
                    shared[j] += 1
            for j, c in shared.items():
                if c / (len(s) + len(sets[j]) - c) >= NEAR:
                    match = j
                    break
        if match is not None:
            if i >= n_dev:
                dropped["duplicate of a dev row" if match < n_dev else "duplicate of an extra row"] += 1
                if labels[match] != labels[i] and match >= n_dev:
                    conflicts.add(match)
            continue
        exact[k] = i
        for g in s:
            index[g].append(i)
        if i >= n_dev:
            accepted.append(i)
    for i in accepted:
        if i in conflicts:
            dropped["conflicting labels"] += 1
            continue
        out.append(kept[i - n_dev])
    with open(out_path, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps({k: r[k] for k in ("id", "text", "label", "source", "license")},
                               ensure_ascii=False) + "\n")
    with open(manifest_path, "w", encoding="utf-8") as f:
        f.write("id\tlabel\tsha256\n")
        for r in out:
            digest = hashlib.sha256(r["text"].encode("utf-8")).hexdigest()
            f.write(f"{r['id']}\t{r['label']}\t{digest}\n")
    counts = defaultdict(int)
    for r in out:
        counts[(r["source"], r["label"])] += 1
    for (source, label), n in sorted(counts.items()):
        print(f"{n:5d} {label:9s} {source}", file=sys.stderr)
    print(f"{len(out)} rows written; dropped: {dict(dropped)}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
