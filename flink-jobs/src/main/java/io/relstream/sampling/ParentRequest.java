package io.relstream.sampling;

import java.io.Serializable;

/**
 * A request for a parent row as of a seed time, keyed by the parent's node id.
 *
 * @param exampleId the example that needs the row
 * @param parent the parent's node id
 * @param seedTimeMillis rows newer than this are not returned
 */
public record ParentRequest(String exampleId, String parent, long seedTimeMillis) implements Serializable {}
