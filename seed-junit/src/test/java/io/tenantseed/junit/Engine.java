package io.tenantseed.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Arrays;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs test-case classes through the Jupiter engine, as a build tool would, and returns what happened. */
final class Engine {

  private Engine() {}

  static EngineExecutionResults run(Class<?>... testClasses) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(Arrays.stream(testClasses).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .execute();
  }

  /** All classes at once, each on its own thread. */
  static EngineExecutionResults runConcurrently(Class<?>... testClasses) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "same_thread")
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(testClasses.length))
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.max-pool-size", String.valueOf(testClasses.length * 2))
        .selectors(Arrays.stream(testClasses).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .execute();
  }
}
