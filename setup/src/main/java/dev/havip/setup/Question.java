package dev.havip.setup;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One question of the wizard: its key (also the flag {@code --key=value} and the answers-file key),
 * the prompt, a one-line explanation, the suggested answer, the check that turns a typed answer into
 * the value to apply (or throws {@link IllegalArgumentException} with the reason), and when it is asked
 * at all (some answers only matter after others).
 */
record Question(String key, String prompt, String why, Function<Answers, String> suggestion,
        BiFunction<String, Answers, String> check, Predicate<Answers> applies) {

    static Question always(String key, String prompt, String why, Function<Answers, String> suggestion,
            BiFunction<String, Answers, String> check) {
        return new Question(key, prompt, why, suggestion, check, answers -> true);
    }

    Question onlyIf(Predicate<Answers> condition) {
        return new Question(this.key, this.prompt, this.why, this.suggestion, this.check, condition);
    }
}
