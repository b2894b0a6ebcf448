package io.lollmsbot.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the server's CPU went during a profiled level, from sampled stacks (JFR's or async-profiler's): counted by a
 * coarse component of the stack, by the frame on top and by the innermost lollmsbot method.
 */
final class StackSummary {

    private static final String[][] COMPONENTS = {
            {"ai.onnxruntime", "ONNX Runtime (embeddings)"},
            {"ai.djl.huggingface", "Hugging Face tokenizer"},
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
            {"org.jboss.resteasy", "JAX-RS (RESTEasy)"},
            {"com.ibm.ws.jaxrs", "JAX-RS (RESTEasy)"},
            {"io.openliberty.restfulWS", "JAX-RS (RESTEasy)"},
            {"io.smallrye.config", "MicroProfile Config"},
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

    private final Map<String, Integer> top = new HashMap<>();
    private final Map<String, Integer> app = new HashMap<>();
    private final Map<String, Integer> component = new HashMap<>();
    private int total;

    /**
     * One sampled stack, innermost frame first, seen {@code count} times. A Java frame is {@code package.Class.method};
     * a native frame (async-profiler only) is a symbol without a package.
     */
    void add(List<String> frames, int count) {
        if (frames.isEmpty()) {
            return;
        }
        total += count;
        top.merge(frames.get(0), count, Integer::sum);
        String firstApp = frames.stream().filter(f -> f.startsWith("io.lollmsbot.")).findFirst()
                .orElse("(no lollmsbot frame)");
        app.merge(firstApp, count, Integer::sum);
        component.merge(component(frames), count, Integer::sum);
    }

    String markdown(String title, int rows) {
        StringBuilder md = new StringBuilder("## ").append(title).append(" (samples: ").append(total).append(")\n");
        table(md, "component (innermost frame of a known library)", component, rows);
        table(md, "frame on top of the stack", top, rows);
        table(md, "innermost lollmsbot method", app, rows);
        return md.toString();
    }

    /** The component of the innermost frame that belongs to a known library; else the innermost Java package. */
    private static String component(List<String> frames) {
        for (String frame : frames) {
            for (String[] known : COMPONENTS) {
                if (frame.startsWith(known[0])) {
                    return known[1];
                }
            }
        }
        return frames.stream().filter(StackSummary::isJava).findFirst()
                .map(frame -> frame.substring(0, frame.lastIndexOf('.', frame.lastIndexOf('.') - 1)))
                .orElse("the JVM itself (no Java frame: collector, compiler, VM threads)");
    }

    /** A Java frame names a class in a package: two dots at least (a native symbol or library path is no such name). */
    private static boolean isJava(String frame) {
        int method = frame.lastIndexOf('.');
        return method > 0 && frame.lastIndexOf('.', method - 1) > 0 && !frame.startsWith("/") && !frame.contains(":");
    }

    private void table(StringBuilder md, String title, Map<String, Integer> counts, int rows) {
        md.append("\n| ").append(title).append(" | samples | share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(e -> md.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f %% |%n", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / Math.max(1, total))));
    }
}
