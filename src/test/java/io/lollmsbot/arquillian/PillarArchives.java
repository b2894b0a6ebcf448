package io.lollmsbot.arquillian;

import io.lollmsbot.common.DataDirectory;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Problems;
import io.lollmsbot.common.RequestIds;
import io.lollmsbot.common.Role;
import io.lollmsbot.platform.entity.InstantConverter;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The archives the in-container tests deploy into the running IT server: CDI, the bottom package's types every
 * pillar uses, the settings' defaults (microprofile-config.properties, as in the application), and (for pillars with
 * storage) the persistence unit on the server's dataSource. Add the pillar's own
 * classes to what these return.
 */
public final class PillarArchives {

    private PillarArchives() {}

    public static WebArchive of(String name) {
        return ShrinkWrap.create(WebArchive.class, name + "-arq.war")
                .addClasses(
                        Problem.class,
                        ProblemException.class,
                        Problems.class,
                        RequestIds.class,
                        Role.class,
                        DataDirectory.class)
                .addAsResource("META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    public static WebArchive withPersistence(String name) {
        return of(name).addClass(InstantConverter.class).addAsResource("META-INF/persistence.xml");
    }
}
