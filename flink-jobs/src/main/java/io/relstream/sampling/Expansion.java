package io.relstream.sampling;

import io.relstream.example.ExampleRow;
import io.relstream.graph.ChildEntry;
import io.relstream.graph.Neighbour;
import io.relstream.graph.NodeKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a row's budget and credit among the nodes it requests at the next hop. The row requests
 * the first {@code min(budget, neighbours)} of its neighbours; the budget left after them is shared
 * evenly, the first nodes getting one more each until it is spent, so that an example never has
 * more rows than {@code sampling.max-rows}. The credit is split evenly too, except for at least
 * one unit that the row keeps and returns with its own piece.
 *
 * <p>A neighbour that carries its row ({@link Neighbour#known()}) becomes a piece at once instead of
 * a request: only the operator of the hop before the last keeps its children's values, so such a
 * row ends the walk and returns its whole credit share.
 */
public final class Expansion {

  private Expansion() {}

  /**
   * The requests and pieces of one expansion and the credit its own piece returns.
   *
   * @param requests requests for the next hop, in walk order
   * @param pieces the next hop's rows that the expanding row's node already has, in walk order
   * @param leftoverCredit credit handed to neither
   */
  public record Result(List<HopRequest> requests, List<ExamplePiece> pieces, long leftoverCredit) {}

  /**
   * Plans the next hop from a row.
   *
   * @param exampleId the example
   * @param node the row's node id, the {@code via} of the requests
   * @param hop the row's hop
   * @param path the row's path
   * @param neighbours candidates in walk order
   * @param budget most rows below this row
   * @param credit this row's credit
   */
  public static Result plan(String exampleId, String node, int hop, String path, List<Neighbour> neighbours,
      long seedTimeMillis, long commitTimeMillis, int budget, long credit) {
    // The row keeps at least one unit, so that the example cannot complete while its piece is missing.
    int requested = (int) Math.min(Math.min(budget, neighbours.size()), credit - 1);
    if (requested <= 0) {
      return new Result(List.of(), List.of(), credit);
    }
    long creditShare = (credit - 1) / requested;
    int rest = budget - requested;
    List<HopRequest> requests = new ArrayList<>(requested);
    List<ExamplePiece> pieces = new ArrayList<>();
    for (int i = 0; i < requested; i++) {
      Neighbour next = neighbours.get(i);
      String nextPath = ExamplePaths.child(path, i);
      if (next.known()) {
        pieces.add(new ExamplePiece(exampleId, nextPath, knownRow(next, node, hop + 1), seedTimeMillis,
            commitTimeMillis, creditShare));
        continue;
      }
      int share = rest / requested + (i < rest % requested ? 1 : 0);
      requests.add(new HopRequest(exampleId, next.node(), node, next.role(), hop + 1, nextPath,
          seedTimeMillis, commitTimeMillis, share, creditShare));
    }
    return new Result(requests, pieces, credit - creditShare * requested);
  }

  private static ExampleRow knownRow(Neighbour next, String via, int hop) {
    ChildEntry latest = next.latest();
    return new ExampleRow(NodeKeys.tableOf(next.node()), NodeKeys.keyPartOf(next.node()), next.role(), hop,
        latest.eventTime, latest.values, via);
  }
}
