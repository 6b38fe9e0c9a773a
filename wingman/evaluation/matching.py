"""Nearest-neighbour matching on the logit of the propensity score.

Every treated person is matched to up to ``ratio`` comparison people with the closest logit.
Distances are absolute differences of logits. Ties are broken the same way everywhere: the
smaller distance first, then the comparison row that comes first in the data.

* With replacement, a comparison person may be matched to several treated people. The
  comparison logits are sorted once; each treated person's neighbours are found with a binary
  search and then by walking outwards on both sides at once (vectorised over all treated).
* Without replacement, matching is greedy: treated people are taken in descending order of
  propensity score (ties in data order), and each takes its ``ratio`` nearest comparison people
  not yet used. "Next unused" pointers with path compression on the sorted comparison logits
  find these without scanning.

A caliper, if given, is a maximum distance in logit units; matches further away are not made.
Common support trimming drops treated people whose logit lies outside the range of the
comparison logits before any matching is done.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


# Below this many values a plain stable sort is as quick as the bucketed one.
BUCKET_SORT_ROWS = 1 << 16
BUCKETS = 65536


def sort_stably(values: FloatArray, order_out: IntArray, sorted_out: FloatArray) -> None:
    """Sort ``values``, equal values kept in data order: the order into ``order_out`` and the
    sorted values into ``sorted_out``.

    For large arrays this is several times quicker than ``np.argsort(kind="stable")``. The
    values are first spread over 65,536 buckets by a 16-bit key that rises with the value;
    numpy sorts 16-bit integers by radix, in linear time. Each bucket then holds few values, so
    the data are nearly in order, and numpy's stable sort (timsort) finishes them in close to
    linear time: the lower and upper halves of the buckets on two threads at once, as numpy
    releases Python's lock while it sorts. Equal values share a bucket and every sort used is
    stable, so ties stay in data order.
    """
    n = len(values)
    low, high = (float(values.min()), float(values.max())) if n else (0.0, 0.0)
    if n < BUCKET_SORT_ROWS or not (np.isfinite(low) and np.isfinite(high)) or high == low:
        order_out[:] = np.argsort(values, kind="stable")
        np.take(values, order_out, out=sorted_out)
        return
    # Subtraction, multiplication by a positive number and truncation never reverse the order
    # of two values, and the scale keeps the largest key at 65,535.
    scale = (BUCKETS - 1) / (high - low)
    keys = np.subtract(values, low)
    keys *= scale
    bucket_order = np.argsort(keys.astype(np.uint16), kind="stable")
    del keys
    nearly_sorted = values[bucket_order]

    def bucket_of(position: int) -> int:
        return int((float(nearly_sorted[position]) - low) * scale)

    # Split at the first position of the middle value's bucket. Bucket numbers never go down
    # along the nearly sorted values, so a binary search finds it.
    middle_bucket = bucket_of(n // 2)
    lo_pos, hi_pos = 0, n // 2
    while lo_pos < hi_pos:
        mid = (lo_pos + hi_pos) // 2
        if bucket_of(mid) < middle_bucket:
            lo_pos = mid + 1
        else:
            hi_pos = mid

    def finish(first: int, last: int) -> None:
        within = np.argsort(nearly_sorted[first:last], kind="stable")
        np.take(bucket_order[first:last], within, out=order_out[first:last])
        np.take(nearly_sorted[first:last], within, out=sorted_out[first:last])

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sort") as helper:
        upper = helper.submit(finish, lo_pos, n)
        finish(0, lo_pos)
        upper.result()  # raises here anything that went wrong on the helper thread


class SortedComparison:
    """The comparison logits, sorted once, with what is needed to walk outwards from a point.

    ``order[p]`` is the comparison row at sorted position ``p``. Walking right from a point
    visits sorted positions in increasing order. Walking left visits ``left_walk``: blocks of
    equal values from the highest down, each block in increasing position (so equal values are
    still visited in data order, as the tie rule requires). Without ties, the left walk is just
    the positions in decreasing order, and is not stored.
    """

    def __init__(self, logits: FloatArray):
        self.values_raw = np.asarray(logits, dtype=np.float64)
        n = self.n = len(self.values_raw)
        # Padded: position n stands for "past the right end" (value +inf) and n + 1 for "past
        # the left end" (value -inf), so walks need no bounds checks.
        self._values = np.empty(n + 2)
        self._order = np.empty(n + 2, dtype=np.int64)
        sort_stably(self.values_raw, self._order[:n], self._values[:n])
        self._values[n] = np.inf
        self._values[n + 1] = -np.inf
        self._order[n:] = np.iinfo(np.int64).max
        self.sorted: FloatArray = self._values[:n]
        self.order: IntArray = self._order[:n]
        self.has_ties = bool(n > 1 and np.any(self.sorted[1:] == self.sorted[:-1]))
        self._left_walk: IntArray | None = None
        self._left_index: IntArray | None = None

    def _build_left_walk(self) -> None:
        n = self.n
        positions = np.arange(n, dtype=np.int64)
        if not self.has_ties:
            self._left_walk = positions[::-1].copy()
            self._left_index = self._left_walk
            return
        new_block = np.empty(n, dtype=bool)
        new_block[0] = True
        np.not_equal(self.sorted[1:], self.sorted[:-1], out=new_block[1:])
        block_start = np.maximum.accumulate(np.where(new_block, positions, 0))
        ends = np.flatnonzero(np.r_[new_block[1:], True]) + 1  # exclusive end of each block
        block_end = ends[np.cumsum(new_block) - 1]
        # Position p sits at index (n - block_end) + (p - block_start) of the left walk.
        self._left_index = (n - block_end) + (positions - block_start)
        self._left_walk = np.empty(n, dtype=np.int64)
        self._left_walk[self._left_index] = positions

    @property
    def left_walk(self) -> IntArray:
        """Sorted positions in the order a walk to the left visits them."""
        if self._left_walk is None:
            self._build_left_walk()
        assert self._left_walk is not None
        return self._left_walk

    @property
    def left_index(self) -> IntArray:
        """For each sorted position, its index in ``left_walk``."""
        if self._left_index is None:
            self._build_left_walk()
        assert self._left_index is not None
        return self._left_index

    def insertion_points(self, x: FloatArray) -> IntArray:
        """For each value, the first sorted position whose value is not below it."""
        return np.searchsorted(self.sorted, x, side="left").astype(np.int64)

    def _left_positions(self, left: IntArray) -> IntArray:
        """Sorted positions at the given indices of the left walk (n + 1 past its end)."""
        n = self.n
        if not self.has_ties:
            return np.where(left < n, n - 1 - left, n + 1)
        walk = self.left_walk
        return np.where(left < n, walk[np.minimum(left, n - 1)], n + 1)

    def nearest(self, x: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
        """Return the ``k`` nearest comparison rows to each value of ``x``, with distances.

        Result arrays have shape (len(x), k), nearest first; where fewer than ``k`` comparison
        rows exist the row is -1 and the distance infinite.
        """
        x = np.asarray(x, dtype=np.float64)
        n = self.n
        m = len(x)
        rows = np.full((m, k), -1, dtype=np.int64)
        dist = np.full((m, k), np.inf)
        if n == 0 or m == 0:
            return rows, dist
        point = self.insertion_points(x)
        right = point.copy()  # next sorted position on the right (n: none left)
        left = n - point  # next index into the left walk (n: none left)
        for step in range(k):
            left_pos = self._left_positions(left)
            left_dist = x - self._values[left_pos]
            right_dist = self._values[right] - x
            left_row = self._order[left_pos]
            right_row = self._order[right]
            take_left = (left_dist < right_dist) | (
                (left_dist == right_dist) & (left_row < right_row)
            )
            chosen_dist = np.where(take_left, left_dist, right_dist)
            chosen_row = np.where(take_left, left_row, right_row)
            valid = np.isfinite(chosen_dist)
            rows[valid, step] = chosen_row[valid]
            dist[valid, step] = chosen_dist[valid]
            left = np.where(take_left & valid, left + 1, left)
            right = np.where(~take_left & valid, np.minimum(right + 1, n), right)
        return rows, dist


@dataclass
class MatchResult:
    """The matched pairs and what happened to every treated person.

    Pairs are listed by treated row (in the order of the treated input), nearest match first.
    ``pair_weight`` is 1/m for each of the m matches of a treated person. ``control_rows`` and
    ``control_weight`` give each comparison row used and its weight summed over all its uses.
    """

    pair_treated: IntArray
    pair_control: IntArray
    pair_weight: FloatArray
    pair_distance: FloatArray
    matched_treated: IntArray
    control_rows: IntArray
    control_weight: FloatArray
    n_treated: int
    n_outside_support: int
    n_no_match: int
    caliper_width: float | None


def _pack(
    treated_rows: list[IntArray] | IntArray,
    rows: IntArray,
    dist: FloatArray,
    n_treated: int,
    n_outside: int,
    caliper_width: float | None,
) -> MatchResult:
    """Turn a (treated, k) table of matches (-1 for none) into a MatchResult."""
    treated_arr = np.asarray(treated_rows, dtype=np.int64)
    ok = rows >= 0
    m = ok.sum(axis=1)
    has = m > 0
    treated_arr = treated_arr[has]
    rows = rows[has]
    dist = dist[has]
    ok = ok[has]
    m = m[has]
    sort = np.argsort(treated_arr, kind="stable")
    treated_arr, rows, dist, ok, m = treated_arr[sort], rows[sort], dist[sort], ok[sort], m[sort]
    pair_treated = np.repeat(treated_arr, m)
    pair_control = rows[ok]
    pair_distance = dist[ok]
    pair_weight = np.repeat(1.0 / np.maximum(m, 1), m)
    control_rows, inverse = np.unique(pair_control, return_inverse=True)
    control_weight = np.bincount(inverse, weights=pair_weight, minlength=len(control_rows))
    return MatchResult(
        pair_treated=pair_treated,
        pair_control=pair_control.astype(np.int64),
        pair_weight=pair_weight,
        pair_distance=pair_distance,
        matched_treated=treated_arr,
        control_rows=control_rows.astype(np.int64),
        control_weight=control_weight.astype(np.float64),
        n_treated=n_treated,
        n_outside_support=n_outside,
        n_no_match=n_treated - n_outside - len(treated_arr),
        caliper_width=caliper_width,
    )


def in_common_support(logit_t: FloatArray, logit_c: FloatArray) -> NDArray[np.bool_]:
    """True for each treated logit inside [min, max] of the comparison logits."""
    if len(logit_c) == 0:
        return np.zeros(len(logit_t), dtype=bool)
    return (logit_t >= logit_c.min()) & (logit_t <= logit_c.max())


def match(
    logit_t: FloatArray,
    logit_c: FloatArray,
    *,
    ratio: int = 1,
    replace: bool = True,
    caliper_width: float | None = None,
    common_support: bool = True,
    comparison: SortedComparison | None = None,
) -> MatchResult:
    """Match treated to comparison rows on their logits.

    Rows are identified by their position in ``logit_t`` and ``logit_c``. ``caliper_width`` is
    in logit units (None for no caliper). ``comparison`` may pass in an already sorted
    comparison group.
    """
    if ratio < 1:
        raise ValueError("ratio must be at least 1")
    logit_t = np.asarray(logit_t, dtype=np.float64)
    logit_c = np.asarray(logit_c, dtype=np.float64)
    sc = comparison if comparison is not None else SortedComparison(logit_c)
    n_t = len(logit_t)
    inside = in_common_support(logit_t, logit_c) if common_support else np.ones(n_t, bool)
    n_outside = int(n_t - inside.sum())
    candidates = np.flatnonzero(inside).astype(np.int64)
    limit = np.inf if caliper_width is None else caliper_width
    if replace:
        rows, dist = sc.nearest(logit_t[candidates], ratio)
        too_far = dist > limit
        rows[too_far] = -1
        dist[too_far] = np.inf
        return _pack(candidates, rows, dist, n_t, n_outside, caliper_width)
    return _match_without_replacement(
        logit_t, candidates, sc, ratio, limit, n_t, n_outside, caliper_width
    )


def _find(parent: IntArray, i: int) -> int:
    """Follow "next unused" pointers from ``i``, compressing the path behind."""
    root = i
    while parent[root] != root:
        root = int(parent[root])
    while parent[i] != root:
        nxt = int(parent[i])
        parent[i] = root
        i = nxt
    return root


def _match_without_replacement(
    logit_t: FloatArray,
    candidates: IntArray,
    sc: SortedComparison,
    ratio: int,
    limit: float,
    n_t: int,
    n_outside: int,
    caliper_width: float | None,
) -> MatchResult:
    """Greedy matching, treated in descending score order, each comparison used at most once."""
    n = sc.n
    # Descending logit, ties in data order: sort on (-logit, row).
    sequence = candidates[np.lexsort((candidates, -logit_t[candidates]))]
    points = sc.insertion_points(logit_t[sequence])
    next_right = np.arange(n + 1, dtype=np.int64)  # next unused sorted position >= p
    next_left = np.arange(n + 1, dtype=np.int64)  # next unused left-walk index >= q
    rows = np.full((len(sequence), ratio), -1, dtype=np.int64)
    dist = np.full((len(sequence), ratio), np.inf)
    sorted_vals = sc.sorted
    order = sc.order
    walk = sc.left_walk
    left_index = sc.left_index
    for i in range(len(sequence)):
        x = float(logit_t[sequence[i]])
        point = int(points[i])
        for step in range(ratio):
            r = _find(next_right, point)
            q = _find(next_left, n - point)
            right_dist = float(sorted_vals[r]) - x if r < n else np.inf
            if q < n:
                left_pos = int(walk[q])
                left_dist = x - float(sorted_vals[left_pos])
            else:
                left_pos = -1
                left_dist = np.inf
            if left_dist == np.inf and right_dist == np.inf:
                break
            take_left = left_dist < right_dist or (
                left_dist == right_dist and int(order[left_pos]) < int(order[r])
            )
            pos = left_pos if take_left else r
            d = left_dist if take_left else right_dist
            if d > limit:
                break
            rows[i, step] = order[pos]
            dist[i, step] = d
            next_right[pos] = pos + 1
            q_used = int(left_index[pos])
            next_left[q_used] = q_used + 1
    return _pack(sequence, rows, dist, n_t, n_outside, caliper_width)
