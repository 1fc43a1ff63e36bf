"""The moves a status may make, written once for each kind of record; any other move is refused."""

from collections.abc import Iterable
from enum import StrEnum


class Lifecycle[S: StrEnum]:
    """A record's states: those it may be created in, and each allowed (from, to) move."""

    def __init__(self, states: type[S], starts: Iterable[S], moves: Iterable[tuple[S, S]]) -> None:
        self.states, self.starts, self.moves = states, frozenset(starts), frozenset(moves)

    def allows(self, current: str, new: S) -> bool:
        return (self.states(current), new) in self.moves

    def sources(self, new: S) -> tuple[S, ...]:
        """The states a record may move to `new` from: for a conditional update's WHERE."""
        return tuple(sorted(before for before, after in self.moves if after == new))

    def reachable(self) -> set[S]:
        """Every state a record can come to from a start."""
        seen, frontier = set(self.starts), list(self.starts)
        while frontier:
            state = frontier.pop()
            for before, after in self.moves:
                if before == state and after not in seen:
                    seen.add(after)
                    frontier.append(after)
        return seen

    def final(self) -> set[S]:
        """The states from which no move leads on."""
        return {state for state in self.states if not any(before == state for before, _after in self.moves)}
