package io.relstream.job;

import org.apache.flink.core.execution.JobClient;

/** Teardown shared by the ITCases that run the job against a real database and broker. */
final class JobTeardown {

  private JobTeardown() {}

  /**
   * Cancels the job, then closes the resources in the order given. Null arguments are skipped, so
   * that an {@code @AfterAll} may call it after a {@code @BeforeAll} that failed part way. Every step
   * runs even when an earlier one fails, so a failed cancel leaves no PostgreSQL or broker process
   * behind. The first failure is rethrown with the later ones suppressed.
   */
  static void cancelAndClose(JobClient job, AutoCloseable... resources) throws Exception {
    Exception failure = null;
    if (job != null) {
      try {
        job.cancel().get();
      } catch (Exception e) {
        failure = e;
      }
    }
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
