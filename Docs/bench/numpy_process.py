"""Whole-process counterparts of `tracer predict` and `tracer generate` in numpy, for the speed
goals in Docs/performance.md: load a Hugging Face GPT-2 folder's model.safetensors (read with
numpy alone: the file read into memory, the 8-byte header length, the JSON header, then the
tensors as views of it), run the forward pass of numpy_forward.py, and print the top 5 next tokens; or generate
greedily, recomputing the whole prefix each step (no key/value cache).

    time python3 Docs/bench/numpy_process.py predict DIR --tokens 128
    time python3 Docs/bench/numpy_process.py generate DIR --prompt-tokens 16 --tokens 32

Run each side by side with the tracer command it mirrors (see Docs/performance.md).
"""

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from numpy_forward import forward  # noqa: E402  (the same forward pass as `tracer bench`)


def load(folder):
    path = os.path.join(folder, "model.safetensors")
    raw = np.fromfile(path, dtype=np.uint8)
    length = int.from_bytes(bytes(raw[:8]), "little")
    header = json.loads(bytes(raw[8:8 + length]))
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        begin, end = entry["data_offsets"]
        tensors[name.removeprefix("transformer.")] = (
            raw[start + begin:start + end].view(np.float32).reshape(entry["shape"]))
    config = json.load(open(os.path.join(folder, "config.json")))
    blocks = []
    for i in range(config["n_layer"]):
        t = lambda suffix: tensors[f"h.{i}.{suffix}"]  # noqa: E731
        blocks.append(dict(
            ln1=(t("ln_1.weight"), t("ln_1.bias")),
            w_qkv=t("attn.c_attn.weight"), b_qkv=t("attn.c_attn.bias"),
            w_o=t("attn.c_proj.weight"), b_o=t("attn.c_proj.bias"),
            ln2=(t("ln_2.weight"), t("ln_2.bias")),
            w_in=t("mlp.c_fc.weight"), b_in=t("mlp.c_fc.bias"),
            w_out=t("mlp.c_proj.weight"), b_out=t("mlp.c_proj.bias")))
    weights = dict(wte=tensors["wte.weight"], wpe=tensors["wpe.weight"], blocks=blocks,
                   ln_f=(tensors["ln_f.weight"], tensors["ln_f.bias"]))
    return weights, config


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["predict", "generate"])
    parser.add_argument("folder")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--prompt-tokens", type=int, default=16)
    args = parser.parse_args()
    weights, config = load(args.folder)
    heads, vocab = config["n_head"], config["vocab_size"]
    if args.mode == "predict":
        tokens = [(i * 7919 + 13) % vocab for i in range(args.tokens)]
        logits = forward(weights, tokens, heads)[-1]
        top = np.argsort(-logits)[:5]
        print(" ".join(str(t) for t in top))
    else:
        tokens = [(i * 7919 + 13) % vocab for i in range(args.prompt_tokens)]
        for _ in range(args.tokens):
            tokens.append(int(np.argmax(forward(weights, tokens, heads)[-1])))
        print(" ".join(str(t) for t in tokens[args.prompt_tokens:]))


if __name__ == "__main__":
    main()
