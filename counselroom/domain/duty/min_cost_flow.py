"""Minimum-cost maximum flow with convex edge costs, for the duty roster.

An edge's cost per unit grows with the flow already on it: unit k+1 costs `base + step * k`.
With `step > 0` that is a convex cost, the tool that makes an assignment *balanced*: the k-th
duty of a person costs more than the (k-1)-th, so the cheapest way to cover all slots spreads
them as evenly as availability and limits allow.

Successive shortest paths with Johnson potentials: each augmentation sends one unit along the
cheapest residual path (Dijkstra on reduced costs), which keeps the flow of every value the
cheapest of that value; it stops when no path is left, so the result is a maximum flow of
minimum cost. Costs are integers and ties are broken by node and edge order, so the outcome is
deterministic.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass


@dataclass
class Edge:
    to: int
    cap: int
    base: int
    step: int
    rev: int  # index of the paired edge in `graph[to]`
    flow: int = 0
    forward: bool = True

    def unit_cost(self) -> int:
        """What one more unit along this residual edge costs (a backward edge refunds)."""
        if self.forward:
            return self.base + self.step * self.flow
        partner_flow = -self.flow  # the backward edge mirrors its partner with negative flow
        return -(self.base + self.step * (partner_flow - 1))

    def residual(self) -> int:
        return self.cap - self.flow


class FlowNetwork:
    def __init__(self) -> None:
        self.graph: list[list[Edge]] = []

    def add_node(self) -> int:
        self.graph.append([])
        return len(self.graph) - 1

    def add_edge(self, a: int, b: int, cap: int, *, base: int = 0, step: int = 0) -> Edge:
        forward = Edge(b, cap, base, step, len(self.graph[b]))
        backward = Edge(a, 0, base, step, len(self.graph[a]), forward=False)
        self.graph[a].append(forward)
        self.graph[b].append(backward)
        return forward

    def max_flow_min_cost(self, source: int, sink: int) -> int:
        """Push units until no augmenting path is left; returns the total flow."""
        potential = [0] * len(self.graph)  # all first costs are >= 0, so 0 is a valid start
        total = 0
        while True:
            path = self._cheapest_path(source, sink, potential)
            if path is None:
                return total
            for node, index in path:
                edge = self.graph[node][index]
                edge.flow += 1
                self.graph[edge.to][edge.rev].flow -= 1
            total += 1

    def _cheapest_path(self, source: int, sink: int, potential: list[int]) -> list[tuple[int, int]] | None:
        dist: list[int | None] = [None] * len(self.graph)
        came: list[tuple[int, int] | None] = [None] * len(self.graph)
        dist[source] = 0
        heap = [(0, source)]
        while heap:
            d, node = heapq.heappop(heap)
            if d != dist[node]:
                continue
            for index, edge in enumerate(self.graph[node]):
                if edge.residual() <= 0:
                    continue
                nd = d + edge.unit_cost() + potential[node] - potential[edge.to]
                known = dist[edge.to]
                if known is None or nd < known:
                    dist[edge.to] = nd
                    came[edge.to] = (node, index)
                    heapq.heappush(heap, (nd, edge.to))
        if dist[sink] is None:
            return None
        for node, d_node in enumerate(dist):
            if d_node is not None:
                potential[node] += d_node
        return _walk_back(came, source, sink)


def _walk_back(came: list[tuple[int, int] | None], source: int, sink: int) -> list[tuple[int, int]]:
    path = []
    node = sink
    while node != source:
        step = came[node]
        assert step is not None
        path.append(step)
        node = step[0]
    path.reverse()
    return path
