package io.lollmsbot.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The production server configuration carries no test-only feature: {@code localConnector-1.0} (local JMX, which
 * Arquillian deploys through) lives in the integration-test server's own file, included only when named.
 */
class ProductionServerConfigTest {

    @Test
    void localConnectorIsOnlyInTheTestServerConfiguration() throws IOException {
        String production = Files.readString(Path.of("liberty/config/server.xml"));
        String test = Files.readString(Path.of("src/it/liberty/test-server.xml"));
        assertFalse(production.contains("<feature>localConnector"), "production server.xml enables localConnector");
        assertTrue(test.contains("<feature>localConnector-1.0</feature>"));
        assertTrue(production.contains("<include optional=\"true\" location=\"${lollmsbot.test.server.config}\"/>"));
    }
}
