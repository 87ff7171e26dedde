package io.vpnd.cli;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Skips a test whose prerequisite is missing, except under {@code CI=true}, where that is a failure. */
final class TestPrerequisites {

    private TestPrerequisites() {
    }

    static void require(boolean present, String what) {
        if ("true".equals(System.getenv("CI"))) {
            Assertions.assertTrue(present, "prerequisite missing on CI: " + what);
        } else {
            Assumptions.assumeTrue(present, "skipped, prerequisite missing: " + what);
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
