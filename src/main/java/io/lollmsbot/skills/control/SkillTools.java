package io.lollmsbot.skills.control;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.llm.control.ToolDefinition;
import io.lollmsbot.tools.control.Tool;
import io.lollmsbot.tools.control.ToolCaller;
import io.lollmsbot.tools.control.ToolFailure;
import io.lollmsbot.tools.control.ToolProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Offers the model each skill the caller may use as a function named {@code skill_<name>}, with the skill's parameter
 * schema; calling it runs the skill like a direct run (validated, recorded), and its output is the tool's result.
 */
@ApplicationScoped
public class SkillTools implements ToolProvider {

    /** Function names of skills start with this, so they never collide with a tool's. */
    public static final String PREFIX = "skill_";

    @Inject
    SkillRunner runner;

    @Override
    public List<Tool> tools(ToolCaller caller) {
        return runner.usable(caller).stream()
                .map(v -> (Tool) new SkillTool(v.skill()))
                .toList();
    }

    /** One skill as a tool; made per call, never a bean. */
    private final class SkillTool implements Tool {

        private final Skill skill;

        SkillTool(Skill skill) {
            this.skill = skill;
        }

        @Override
        public ToolDefinition definition() {
            return new ToolDefinition(PREFIX + skill.name(), skill.description(), skill.inputSchema());
        }

        @Override
        public String execute(ToolCaller caller, JsonObject arguments) {
            SkillRunner.Result result;
            try {
                result = runner.run(caller, skill.name(), arguments, SkillRunner.Via.CHAT);
            } catch (ProblemException invalid) {
                List<Problem.FieldError> errors = invalid.problem().errors();
                throw new ToolFailure(
                        errors == null
                                ? invalid.problem().detail()
                                : errors.stream()
                                        .map(e -> e.field() + " " + e.message())
                                        .collect(Collectors.joining("; ")));
            }
            if (!result.success()) {
                throw new ToolFailure(result.error());
            }
            return result.output() == null ? "" : result.output();
        }
    }
}
