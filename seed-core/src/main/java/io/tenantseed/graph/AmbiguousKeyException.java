package io.tenantseed.graph;

import java.util.List;

/**
 * A master flow or data import key looked up for the whole tenant that several engagements
 * have (keys are unique within their engagement only). The message names the engagements and
 * the call that chooses one; {@link #naming(String)} gives the same failure for a caller whose
 * own method is the one to use.
 *
 * <pre>
 * try {
 *   graph.masterFlowId("full-migration");
 * } catch (AmbiguousKeyException e) {
 *   e.engagements();   // ["wave-1", "wave-2"]
 *   e.getMessage();    // ends: name the engagement: masterFlowId("wave-1", "full-migration")
 * }
 * </pre>
 */
public final class AmbiguousKeyException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String what;
  private final String key;
  private final List<String> engagements;

  AmbiguousKeyException(String what, String key, List<String> engagements, String call) {
    super("the " + what + " key '" + key + "' is ambiguous: engagements " + String.join(" and ",
        engagements.stream().map(e -> "'" + e + "'").toList()) + " each have one; name the engagement: " + call
        + "(\"" + engagements.get(0) + "\", \"" + key + "\")");
    this.what = what;
    this.key = key;
    this.engagements = List.copyOf(engagements);
  }

  /** The key looked up. */
  public String key() {
    return key;
  }

  /** The keys of the engagements that have it, in the order they were built. */
  public List<String> engagements() {
    return engagements;
  }

  /**
   * The same failure, its message naming {@code call} (a method taking the engagement key and
   * this key, e.g. {@code "masterFlow"}) as the way to choose; this one is its cause.
   */
  public AmbiguousKeyException naming(String call) {
    AmbiguousKeyException renamed = new AmbiguousKeyException(what, key, engagements, call);
    renamed.initCause(this);
    return renamed;
  }
}
