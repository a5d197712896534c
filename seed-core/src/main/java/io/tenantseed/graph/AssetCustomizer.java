package io.tenantseed.graph;

/**
 * Describes asset {@code index} of a run of assets. Called again each time the asset is
 * generated (assets are generated when written, not kept in memory), so it must depend only
 * on {@code index}: no counters, no clocks, no shared random.
 *
 * <pre>
 * e.assets(50, (i, a) -&gt; a.name("vm-prod-%03d".formatted(i)).environment(i &lt; 20 ? "production" : "staging"))
 * </pre>
 */
@FunctionalInterface
public interface AssetCustomizer {
  void customize(int index, AssetBuilder asset);
}
