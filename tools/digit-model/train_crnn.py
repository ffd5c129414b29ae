#!/usr/bin/python3
# Trains leakscan's number model (a CRNN read with CTC) on lines written by dataset.ts, and
# exports it to ONNX for onnxruntime (shared/ocr/number-model.ts). Debian's python3-torch and
# python3-onnx; CPU only; deterministic for a seed up to the threads' floating-point order.
#
#   /usr/bin/python3 tools/digit-model/train_crnn.py --train /tmp/train-rendered.bin /tmp/train-pages.bin \
#       --eval-rendered /tmp/eval-rendered.bin --eval-pages /tmp/eval-pages.bin [--epochs 5] [--out shared/ocr/models]
#
# Writes leakscan_num.onnx and leakscan_num.json (the alphabet and the input height) to --out after
# each epoch; evaluate.ts measures the result as the reader runs it.
import argparse
import json
import math
import os
import random
import struct
import time

import onnx
import torch
from onnx import numpy_helper
import torch.nn as nn
import torch.nn.functional as F

HEIGHT = 32


def read_lines(path):
    """The records dataset.ts writes: width, text length, text, pixels (HEIGHT rows)."""
    data = open(path, 'rb').read()
    lines, offset = [], 0
    while offset + 4 <= len(data):
        width, length = struct.unpack_from('<HH', data, offset)
        if offset + 4 + length + width * HEIGHT > len(data):
            break  # a set still being written: its last record is not whole
        offset += 4
        text = data[offset:offset + length].decode('utf-8')
        offset += length
        pixels = torch.frombuffer(bytearray(data[offset:offset + width * HEIGHT]), dtype=torch.uint8).view(HEIGHT, width)
        offset += width * HEIGHT
        lines.append((pixels, text))
    return lines


class NumberReader(nn.Module):
    """
    Convolutions down to one column every 4 pixels, then convolutions along the columns (dilated,
    so each column sees about four characters either side), a class per column. No recurrent
    layer: Debian's torch does matrix products with generic BLAS, where an LSTM trains ten times
    slower than convolutions (oneDNN), and a digit is read from what is near it.
    """

    def __init__(self, classes):
        super().__init__()

        def block(cin, cout, stride=1):
            return [nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]

        def along(channels, dilation):
            return [nn.Conv1d(channels, channels, 5, padding=2 * dilation, dilation=dilation, bias=False), nn.BatchNorm1d(channels), nn.ReLU(inplace=True)]

        self.features = nn.Sequential(
            *block(1, 24, stride=2),                          # 16 × W/2
            *block(24, 48), nn.MaxPool2d(2, 2),               # 8 × W/4
            *block(48, 64), *block(64, 96), nn.MaxPool2d((2, 1), (2, 1)),  # 4 × W/4
            *block(96, 128), nn.MaxPool2d((2, 1), (2, 1)),    # 2 × W/4
        )
        self.columns = nn.Sequential(nn.Conv1d(128 * 2, 160, 1), nn.ReLU(inplace=True), *along(160, 1), *along(160, 2), *along(160, 4),
                                     nn.Dropout(0.1), nn.Conv1d(160, classes, 1))

    def forward(self, x):
        # x: [N, 1, HEIGHT, W], ink 1, paper 0.
        f = self.features(x)
        n, c, h, w = f.shape
        return self.columns(f.reshape(n, c * h, w)).permute(0, 2, 1)  # [N, W/4, classes]


class Exported(nn.Module):
    """What onnxruntime runs: grey pixels (0 black … 255 white) in, each column's class probabilities out."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, pixels):
        return F.softmax(self.model((255.0 - pixels) / 255.0), dim=-1)


def augment(pixels, rng):
    """A line drawn a little wider or narrower, lighter or darker: fonts and scanners vary more than any set."""
    x = (255.0 - pixels.float()) / 255.0
    width = pixels.shape[1]
    scale = rng.uniform(0.8, 1.25)
    new_width = max(8, int(round(width * scale)))
    x = F.interpolate(x[None, None], size=(HEIGHT, new_width), mode='bilinear', align_corners=False)[0, 0]
    x = x * rng.uniform(0.7, 1.15)
    shift = rng.randint(-2, 2)
    if shift:
        x = torch.roll(x, shift, dims=0)
    return x.clamp(0, 1)


def batches(lines, size, rng, train):
    """Batches of lines of like widths, padded with paper to the widest (a multiple of 4)."""
    order = sorted(range(len(lines)), key=lambda i: lines[i][0].shape[1] + (rng.random() * 40 if train else 0))
    groups = [order[i:i + size] for i in range(0, len(order), size)]
    if train:
        rng.shuffle(groups)
    for group in groups:
        images = [augment(lines[i][0], rng) if train else (255.0 - lines[i][0].float()) / 255.0 for i in group]
        width = max(im.shape[1] for im in images)
        width = int(math.ceil(width / 4) * 4)
        batch = torch.zeros(len(images), 1, HEIGHT, width)
        for k, im in enumerate(images):
            batch[k, 0, :, :im.shape[1]] = im
        yield batch, [lines[i][1] for i in group], [im.shape[1] for im in images]


def decode(probabilities, alphabet):
    """Greedy CTC: each column's likeliest class, repeats merged, blanks dropped."""
    best = probabilities.argmax(-1).tolist()
    out, previous = [], 0
    for c in best:
        if c != previous and c != 0:
            out.append(alphabet[c - 1])
        previous = c
    return ''.join(out)


def edit_distance(a, b):
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


def evaluate(model, lines, alphabet):
    """Character error rate and share of lines read exactly."""
    model.eval()
    errors = characters = exact = 0
    with torch.no_grad():
        for batch, texts, _ in batches(lines, 64, random.Random(0), train=False):
            probabilities = model(batch).softmax(-1)
            for p, text in zip(probabilities, texts):
                read = decode(p, alphabet)
                errors += edit_distance(read, text)
                characters += len(text)
                exact += read == text
    model.train()
    return {'cer': errors / max(1, characters), 'exact': exact / max(1, len(lines)), 'lines': len(lines)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--train', required=True, nargs='+')
    parser.add_argument('--max-width', type=int, default=640, help='longer training lines are left out (spans are mostly one number)')
    parser.add_argument('--eval-rendered', required=True, help='held-out rendered lines')
    parser.add_argument('--eval-pages', required=True, help='held-out lines cut out of generated pages')
    parser.add_argument('--epochs', type=int, default=5)
    parser.add_argument('--init', help='a shipped leakscan_num.onnx to go on training from (same alphabet), instead of random weights')
    parser.add_argument('--max-lr', type=float, default=2e-3)
    parser.add_argument('--batch', type=int, default=48)
    parser.add_argument('--seed', type=int, default=7)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    parser.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '../../shared/ocr/models'))
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)

    train = [line for path in args.train for line in read_lines(path) if line[0].shape[1] <= args.max_width]
    rendered, cut_out = read_lines(args.eval_rendered), read_lines(args.eval_pages)
    alphabet = sorted({c for _, text in train + rendered + cut_out for c in text})
    if args.init:
        # Its classes, whatever the lines hold: a line with a sign it has no class for is left out.
        with open(os.path.splitext(args.init)[0] + '.json') as f:
            alphabet = json.load(f)['alphabet']
        known = lambda lines: [line for line in lines if set(line[1]) <= set(alphabet)]
        train, rendered, cut_out = known(train), known(rendered), known(cut_out)
    index = {c: i + 1 for i, c in enumerate(alphabet)}
    print(f'{len(train)} training lines, {len(rendered)} + {len(cut_out)} held out, {len(alphabet)} characters', flush=True)

    model = NumberReader(len(alphabet) + 1)
    if args.init:
        load_onnx(model, args.init)
    steps = args.epochs * math.ceil(len(train) / args.batch)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.max_lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.max_lr, total_steps=steps, pct_start=0.1)
    ctc = nn.CTCLoss(blank=0, zero_infinity=True)
    started = time.time()
    for epoch in range(args.epochs):
        total = count = 0
        for batch, texts, widths in batches(train, args.batch, rng, train=True):
            logits = model(batch)
            log_probs = logits.log_softmax(-1).permute(1, 0, 2)
            targets = torch.tensor([index[c] for t in texts for c in t], dtype=torch.long)
            target_lengths = torch.tensor([len(t) for t in texts], dtype=torch.long)
            input_lengths = torch.full((len(texts),), logits.shape[1], dtype=torch.long)
            loss = ctc(log_probs, targets, input_lengths, target_lengths)
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            schedule.step()
            total += loss.item()
            count += 1
        figures = {'rendered': evaluate(model, rendered, alphabet), 'cut_out': evaluate(model, cut_out, alphabet)}
        print(f'epoch {epoch + 1}: loss {total / count:.3f}; held out: rendered CER {figures["rendered"]["cer"]:.2%} exact {figures["rendered"]["exact"]:.1%}; '
              f'cut out of pages CER {figures["cut_out"]["cer"]:.2%} exact {figures["cut_out"]["exact"]:.1%}; {time.time() - started:.0f} s', flush=True)
        export(model, alphabet, args)


def load_onnx(model, path):
    """
    Weights of an exported model: the export folds each batch norm into the convolution before it
    (a weight and a bias), so the convolution takes the folded weight and its batch norm becomes
    the identity plus that bias. Folded convolutions appear in the graph in the model's order.
    """
    graph = onnx.load(path).graph
    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
    folded = [node.input[1:] for node in graph.node if node.op_type == 'Conv' and node.input[1].startswith('onnx::')]
    normed = [(conv, norm) for conv, norm in zip(model.modules(), list(model.modules())[1:])
              if isinstance(conv, (nn.Conv1d, nn.Conv2d)) and isinstance(norm, (nn.BatchNorm1d, nn.BatchNorm2d))]
    if len(folded) != len(normed):
        raise SystemExit(f'{path}: {len(folded)} folded convolutions, the model has {len(normed)}')
    with torch.no_grad():
        for (conv, norm), (weight, bias) in zip(normed, folded):
            conv.weight.copy_(weights[weight])
            norm.weight.fill_(1.0)
            norm.bias.copy_(weights[bias])
            norm.running_mean.zero_()
            norm.running_var.fill_(1.0 - norm.eps)
        for name, parameter in model.named_parameters():
            if f'model.{name}' in weights:
                parameter.copy_(weights[f'model.{name}'])


def export(model, alphabet, args):
    """The model as ONNX (any width) and its alphabet: class k + 1 is alphabet[k], class 0 the blank."""
    model.eval()
    os.makedirs(args.out, exist_ok=True)
    torch.onnx.export(Exported(model), torch.full((1, 1, HEIGHT, 64), 255.0), os.path.join(args.out, 'leakscan_num.onnx'),
                      input_names=['pixels'], output_names=['probabilities'],
                      dynamic_axes={'pixels': {0: 'lines', 3: 'width'}, 'probabilities': {0: 'lines', 1: 'columns'}}, opset_version=13)
    with open(os.path.join(args.out, 'leakscan_num.json'), 'w') as f:
        json.dump({'height': HEIGHT, 'alphabet': alphabet}, f, ensure_ascii=False, indent=1)
        f.write('\n')
    model.train()


if __name__ == '__main__':
    main()
