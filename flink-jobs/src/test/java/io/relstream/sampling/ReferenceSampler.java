package io.relstream.sampling;

import io.relstream.example.EventTime;
import io.relstream.example.Example;
import io.relstream.example.ExampleRow;
import io.relstream.example.RowRole;
import io.relstream.graph.ChildEntry;
import io.relstream.graph.NodeKeys;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the example the job should build for a seed at a time, by a plain batch walk over a
 * {@link SnapshotCopy}, written from the sampling rules rather than from the job's operators: rows
 * as of the time, parents in foreign-key order, the K most recent children per child table at or
 * before the time (ties by node id, the row the walk came from left out) taken in turns across
 * tables, the budget split of {@code sampling.max-rows}, and each node once at its first position
 * by hop and path.
 */
final class ReferenceSampler {
  private static final Comparator<ChildEntry> MOST_RECENT_FIRST =
      Comparator.comparingLong((ChildEntry e) -> e.eventTime).reversed().thenComparing(e -> e.node);

  private final SnapshotCopy copy;
  private final SamplingConfig config;

  ReferenceSampler(SnapshotCopy copy, SamplingConfig config) {
    this.copy = copy;
    this.config = config;
  }

  private record Found(String path, ExampleRow row) {}

  /** Returns the expected example of a seed node at a seed time, with the given commit time. */
  Example expected(String seedNode, long seedTime, long commitTime) {
    SnapshotCopy.Node seed = copy.node(seedNode);
    List<Found> found = new ArrayList<>();
    found.add(new Found("", new ExampleRow(NodeKeys.tableOf(seedNode), NodeKeys.keyPartOf(seedNode), RowRole.SEED, 0,
        seed.eventTime(), seed.values())));
    walk(seed, null, 0, "", config.maxRows() - 1, seedTime, found);
    found.sort((a, b) -> ExamplePaths.WALK_ORDER.compare(a.path(), b.path()));
    List<ExampleRow> rows = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Found each : found) {
      if (each.row() != null && seen.add(each.row().table() + "/" + each.row().key())) {
        rows.add(each.row());
      }
    }
    return new Example(NodeKeys.tableOf(seedNode), NodeKeys.keyPartOf(seedNode), seedTime, commitTime, rows);
  }

  private void walk(SnapshotCopy.Node node, String via, int hop, String path, int budget, long time, List<Found> found) {
    if (hop >= config.hops() || budget <= 0) {
      return;
    }
    List<String[]> next = neighbours(node, via, hop == 0 ? config.firstFanOut() : config.fanOut(), time);
    int taken = Math.min(budget, next.size());
    int rest = budget - taken;
    for (int i = 0; i < taken; i++) {
      String id = next.get(i)[0];
      RowRole role = RowRole.valueOf(next.get(i)[1]);
      String childPath = ExamplePaths.child(path, i);
      int share = rest / taken + (i < rest % taken ? 1 : 0);
      SnapshotCopy.Node target = copy.node(id);
      if (target == null || !EventTime.visibleAt(target.eventTime(), time)) {
        found.add(new Found(childPath, null));
        continue;
      }
      found.add(new Found(childPath, new ExampleRow(NodeKeys.tableOf(id), NodeKeys.keyPartOf(id), role, hop + 1,
          target.eventTime(), target.values(), node.id())));
      walk(target, node.id(), hop + 1, childPath, share, time, found);
    }
  }

  private List<String[]> neighbours(SnapshotCopy.Node node, String via, int fanOut, long time) {
    List<String[]> next = new ArrayList<>();
    for (String parent : node.parents().values()) {
      if (!parent.equals(via)) {
        next.add(new String[] {parent, RowRole.PARENT.name()});
      }
    }
    List<List<ChildEntry>> selections = new ArrayList<>();
    for (Map.Entry<String, List<ChildEntry>> table : copy.childrenOf(node.id()).entrySet()) {
      selections.add(table.getValue().stream()
          .filter(child -> child.eventTime <= time && !child.node.equals(via))
          .sorted(MOST_RECENT_FIRST)
          .limit(fanOut)
          .toList());
    }
    for (int rank = 0; rank < fanOut; rank++) {
      for (List<ChildEntry> selected : selections) {
        if (rank < selected.size()) {
          next.add(new String[] {selected.get(rank).node, RowRole.CHILD.name()});
        }
      }
    }
    return next;
  }
}
