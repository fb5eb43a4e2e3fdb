package io.relstream.sampling;

import io.relstream.graph.Neighbour;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a row's budget and credit among the nodes it requests at the next hop. The row requests
 * the first {@code min(budget, neighbours)} of its neighbours; the budget left after them is shared
 * evenly, the first nodes getting one more each until it is spent, so that an example never has
 * more rows than {@code sampling.max-rows}. The credit is split evenly too, except for at least
 * one unit that the row keeps and returns with its own piece.
 */
public final class Expansion {

  private Expansion() {}

  /**
   * The requests of one expansion and the credit its own piece returns.
   *
   * @param requests requests for the next hop, in walk order
   * @param leftoverCredit credit not handed to a request
   */
  public record Result(List<HopRequest> requests, long leftoverCredit) {}

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
      return new Result(List.of(), credit);
    }
    long creditShare = (credit - 1) / requested;
    int rest = budget - requested;
    List<HopRequest> requests = new ArrayList<>(requested);
    for (int i = 0; i < requested; i++) {
      int share = rest / requested + (i < rest % requested ? 1 : 0);
      Neighbour next = neighbours.get(i);
      requests.add(new HopRequest(exampleId, next.node(), node, next.role(), hop + 1, ExamplePaths.child(path, i),
          seedTimeMillis, commitTimeMillis, share, creditShare));
    }
    return new Result(requests, credit - creditShare * requested);
  }
}
