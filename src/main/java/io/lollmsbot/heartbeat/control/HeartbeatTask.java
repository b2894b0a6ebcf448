package io.lollmsbot.heartbeat.control;

/**
 * One maintenance task of the Heartbeat. Implement it as an {@code @ApplicationScoped} bean and it is scheduled: it
 * runs once per cluster every {@code lollmsbot.heartbeat.<name>.interval-seconds} (0 turns it off; add the key to the
 * settings catalogue and its default to microprofile-config.properties), in a transaction of its own, and never
 * twice at the same time anywhere in the cluster.
 */
public interface HeartbeatTask {

    /** 1-64 characters of a-z, 0-9 and '-'; the name in the API and in the settings. */
    String name();

    /** One line for operators. */
    String description();

    /** Does the work. A thrown exception is recorded as a failed run with its message. */
    TaskResult run();
}
