package io.lollmsbot.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the server's CPU went during the profiled level: the top frames of JFR's execution samples, counted by the
 * method on top of the stack, by the first lollmsbot method below it, and by a coarse component of the stack.
 */
final class JfrSummary {

    private static final String[][] COMPONENTS = {
            {"org.eclipse.persistence", "EclipseLink (JPA)"},
            {"org.postgresql", "PostgreSQL driver"},
            {"com.ibm.ws.rsadapter", "Liberty connection pool / JDBC wrappers"},
            {"com.ibm.ejs.j2c", "Liberty connection pool / JDBC wrappers"},
            {"com.ibm.ws.security", "Liberty security (authentication, LTPA, SSO)"},
            {"com.ibm.ws.webcontainer.security", "Liberty security (authentication, LTPA, SSO)"},
            {"io.openliberty.security", "Liberty security (authentication, LTPA, SSO)"},
            {"com.ibm.ws.ejbcontainer", "EJB container"},
            {"com.ibm.ejs", "EJB container"},
            {"org.jboss.weld", "Weld (CDI)"},
            {"io.smallrye.metrics", "metrics"},
            {"io.smallrye.faulttolerance", "fault tolerance"},
            {"org.apache.cxf", "JAX-RS (CXF)"},
            {"com.ibm.ws.jaxrs", "JAX-RS (CXF)"},
            {"org.eclipse.yasson", "JSON-B / JSON-P"},
            {"org.eclipse.parsson", "JSON-B / JSON-P"},
            {"org.glassfish.json", "JSON-B / JSON-P"},
            {"jdk.internal.net.http", "JDK HTTP client (to the LLM)"},
            {"java.net.http", "JDK HTTP client (to the LLM)"},
            {"org.hibernate.validator", "Bean Validation"},
            {"io.lollmsbot.guardian", "Guardian"},
            {"com.ibm.ws.logging", "logging"},
            {"java.util.logging", "logging"},
            {"io.opentelemetry", "telemetry"},
            {"com.ibm.ws.http", "Liberty HTTP transport / web container"},
            {"com.ibm.ws.webcontainer", "Liberty HTTP transport / web container"},
            {"com.ibm.io", "Liberty HTTP transport / web container"},
            {"com.ibm.ws.tcpchannel", "Liberty HTTP transport / web container"},
    };

    private JfrSummary() {
    }

    static String summarise(Path recording, int top) throws IOException {
        Map<String, Integer> leaf = new HashMap<>();
        Map<String, Integer> app = new HashMap<>();
        Map<String, Integer> component = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            leaf.merge(name(frames.get(0)), 1, Integer::sum);
            String firstApp = frames.stream().map(JfrSummary::name).filter(n -> n.startsWith("io.lollmsbot."))
                    .findFirst().orElse("(no lollmsbot frame)");
            app.merge(firstApp, 1, Integer::sum);
            component.merge(component(frames), 1, Integer::sum);
        }
        StringBuilder md = new StringBuilder("## Where the Liberty JVM's CPU went (JFR execution samples: ").append(total).append(")\n");
        table(md, "component (innermost frame of a known library)", component, total, top);
        table(md, "method on top of the stack", leaf, total, top);
        table(md, "innermost lollmsbot method", app, total, top);
        return md.toString();
    }

    /** The component of the innermost frame that belongs to a known library; else the top frame's package. */
    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (String[] known : COMPONENTS) {
                if (type.startsWith(known[0])) {
                    return known[1];
                }
            }
        }
        String type = frames.get(0).getMethod().getType().getName();
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void table(StringBuilder md, String title, Map<String, Integer> counts, int total, int top) {
        md.append("\n| ").append(title).append(" | samples | share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f %% |%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / Math.max(1, total))));
    }
}
