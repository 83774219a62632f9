"""The numpy side of `tracer bench`: a straightforward float32 GPT-2 forward pass, timed.

Same shapes and steps as TinyGPT's untraced forward pass (pre-LayerNorm blocks, causal
multi-head attention, gelu_new MLP, logits against the tied embedding). Weights are random:
only the time matters. numpy uses OpenBLAS on every core unless OPENBLAS_NUM_THREADS says
otherwise.

    python3 Docs/bench/numpy_forward.py            # like `tracer bench` (2 layers, 2048 tokens)
    python3 Docs/bench/numpy_forward.py --gpt2     # like `tracer bench --gpt2` (GPT-2 small)
"""

import argparse
import statistics
import time

import numpy as np


def layer_norm(x, w, b, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def gelu_new(x):
    return 0.5 * x * (1 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x**3)))


def make_weights(n_layers, d_model, d_mlp, d_vocab, n_ctx, rng):
    def normal(*shape):
        return (rng.standard_normal(shape, dtype=np.float32) * np.float32(0.02))

    blocks = []
    for _ in range(n_layers):
        blocks.append(dict(
            ln1=(np.ones(d_model, np.float32), np.zeros(d_model, np.float32)),
            w_qkv=normal(d_model, 3 * d_model), b_qkv=np.zeros(3 * d_model, np.float32),
            w_o=normal(d_model, d_model), b_o=np.zeros(d_model, np.float32),
            ln2=(np.ones(d_model, np.float32), np.zeros(d_model, np.float32)),
            w_in=normal(d_model, d_mlp), b_in=np.zeros(d_mlp, np.float32),
            w_out=normal(d_mlp, d_model), b_out=np.zeros(d_model, np.float32)))
    return dict(wte=normal(d_vocab, d_model), wpe=normal(n_ctx, d_model), blocks=blocks,
                ln_f=(np.ones(d_model, np.float32), np.zeros(d_model, np.float32)))


def forward(weights, tokens, n_heads):
    pos = len(tokens)
    x = weights["wte"][tokens] + weights["wpe"][:pos]  # [pos, d_model]
    d_model = x.shape[1]
    d_head = d_model // n_heads
    mask = np.triu(np.ones((pos, pos), dtype=bool), 1)
    for b in weights["blocks"]:
        h = layer_norm(x, *b["ln1"])
        qkv = h @ b["w_qkv"] + b["b_qkv"]  # [pos, 3*d_model]
        q, k, v = (qkv[:, i * d_model:(i + 1) * d_model].reshape(pos, n_heads, d_head)
                   .transpose(1, 0, 2) for i in range(3))  # [head, pos, d_head]
        scores = q @ k.transpose(0, 2, 1) / np.float32(np.sqrt(d_head))  # [head, pos, pos]
        scores[:, mask] = -np.inf
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        pattern = scores / scores.sum(axis=-1, keepdims=True)
        z = (pattern @ v).transpose(1, 0, 2).reshape(pos, d_model)  # [pos, d_model]
        x = x + z @ b["w_o"] + b["b_o"]
        h = layer_norm(x, *b["ln2"])
        x = x + gelu_new(h @ b["w_in"] + b["b_in"]) @ b["w_out"] + b["b_out"]
    return layer_norm(x, *weights["ln_f"]) @ weights["wte"].T  # [pos, d_vocab]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gpt2", action="store_true", help="12 layers, 50257 tokens")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    n_layers, d_vocab = (12, 50257) if args.gpt2 else (2, 2048)
    rng = np.random.default_rng(1)
    weights = make_weights(n_layers, 768, 3072, d_vocab, 1024, rng)
    tokens = [(i * 7919 + 13) % d_vocab for i in range(args.tokens)]
    forward(weights, tokens, 12)  # warm-up
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        logits = forward(weights, tokens, 12)
        times.append(time.perf_counter() - start)
    assert logits.dtype == np.float32 and logits.shape == (args.tokens, d_vocab)
    print(f"numpy {np.__version__} forward, {n_layers} layers, d_vocab {d_vocab}, "
          f"{args.tokens} tokens: median {statistics.median(times) * 1000:.1f} ms "
          f"(min {min(times) * 1000:.1f} ms, {args.repeats} runs)")


if __name__ == "__main__":
    main()
