#!/usr/bin/env python3
"""Generates the small GPT-2-style byte-level BPE fixture and the expected ids of hard strings.

Run once, by hand (not a project dependency):
    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install tokenizers regex
    /tmp/venv/bin/python Tests/TinyGPTTests/Fixtures/make_bpe_fixture.py

Writes bpe/vocab.json, bpe/merges.txt and the same as bpe/tokenizer.json (trained by Hugging
Face `tokenizers`) and
bpe/expected.json (each string's ids, computed by `tokenizers` and checked against an
independent re-implementation of OpenAI's GPT-2 `encoder.py`).
"""
import json
import os

import regex
from tokenizers import Tokenizer, models, pre_tokenizers, decoders, trainers

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bpe")

CORPUS = [
    "The quick brown fox jumps over the lazy dog. It's the dog's day, isn't it?",
    "We're here, they've gone, I'm fine, you'll see, he'd know. Don't stop!",
    "Once upon a time there was a little robot who liked to count: 1, 2, 3, 42, 1000.",
    "Café, naïve, Straße, façade, déjà vu, résumé, Ærøskøbing, Łódź, İstanbul.",
    "漢字とひらがなとカタカナ。中文也可以。한국어 문장입니다.",
    "Emoji: 😀 🚀 👍🏽 ❤️ and symbols € £ ¥ © ® ™ — – … « » “quotes”.",
    "def f(x):\n    return x * 2  # comment\n\tindented\twith\ttabs\n",
    "    leading spaces and trailing spaces    \n\n\nnew paragraphs\r\nwindows line",
    "the the the and and of of to to in in is is that that it it",
    "Numbers 3.14159 2,718 1e10 ٣٤٥ ½ ² Ⅻ 0x1F 007.",
]

HARD = [
    "",
    "hello",
    "Hello world",
    "It's it's IT'S it'S",
    "we're we've I'm you'll he'd don't can't",
    "'s 't 're 've 'm 'll 'd",
    "'S 'T 'RE 'Ll",
    "''s '''re",
    "don't!'s",
    "café naïve Straße",
    "e\u0301 (e + combining acute)",
    "漢字とひらがな",
    "😀🚀👍🏽❤️",
    "€100 £5 ¥ ©",
    "1234567890 3.14 ٣٤٥ ½ ² Ⅻ",
    "a  b   c    d",
    "trailing spaces   ",
    "   leading spaces",
    "line one\nline two\n\nline four\n",
    "tabs\there\t\tand\t",
    "mixed \t \n whitespace \n\t ",
    "\r\n windows\r\n",
    "<|endoftext|>",
    "before<|endoftext|>after",
    "text <|endoftext|> more <|endoftext|><|endoftext|>",
    "<|endoftext",
    "\u00a0non-breaking\u00a0space",
    "\u2028line separator\u3000ideographic space",
    "x\u200by zero width",
    "The quick brown fox jumps over the lazy dog.",
    "   ",
    "\n",
    " ",
    "!!!???...",
    " !!! hi",
    "C++ and C#: a->b, a=>b, a<=b",
    "URL: https://example.com/path?q=1&r=2#frag",
    "\x00\x01\x1f\x7f control",
]


def train():
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=256 + 320,
        min_frequency=1,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(CORPUS * 3, trainer)
    tok.add_special_tokens(["<|endoftext|>"])  # last id, as in GPT-2
    return tok


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    bs += list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def reference_encode(text, encoder, merges):
    """OpenAI's GPT-2 encoder.py algorithm, plus splitting out <|endoftext|>."""
    ranks = {tuple(m.split(" ")): i for i, m in enumerate(merges)}
    b2u = bytes_to_unicode()
    pat = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")

    def bpe(token):
        word = tuple(token)
        while len(word) > 1:
            pairs = {(word[i], word[i + 1]) for i in range(len(word) - 1)}
            best = min(pairs, key=lambda p: ranks.get(p, float("inf")))
            if best not in ranks:
                break
            first, second = best
            new, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and word[i] == first and word[i + 1] == second:
                    new.append(first + second)
                    i += 2
                else:
                    new.append(word[i])
                    i += 1
            word = tuple(new)
        return word

    ids = []
    parts = text.split("<|endoftext|>")
    for k, part in enumerate(parts):
        for piece in regex.findall(pat, part):
            mapped = "".join(b2u[b] for b in piece.encode("utf-8"))
            ids += [encoder[t] for t in bpe(mapped)]
        if k < len(parts) - 1:
            ids.append(encoder["<|endoftext|>"])
    return ids


def main():
    os.makedirs(HERE, exist_ok=True)
    tok = train()
    vocab = tok.get_vocab()
    model = json.loads(tok.to_str())["model"]
    merges = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]
    with open(os.path.join(HERE, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(dict(sorted(vocab.items(), key=lambda kv: kv[1])), f, ensure_ascii=False)
    with open(os.path.join(HERE, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "\n".join(merges) + "\n")
    tok.save(os.path.join(HERE, "tokenizer.json"))
    expected = []
    for text in HARD:
        ids = tok.encode(text).ids
        assert ids == reference_encode(text, vocab, merges), text
        assert tok.decode(ids, skip_special_tokens=False) == text, text
        expected.append({"text": text, "ids": ids})
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in expected) + "\n]\n")
    print(f"{len(vocab)} tokens, {len(merges)} merges, {len(expected)} strings")


if __name__ == "__main__":
    main()
