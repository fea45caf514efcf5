package dev.havip.setup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The interactive half: asks each question that applies, with its explanation and suggestion in
 * brackets (Enter keeps it), and asks again, with the reason, until the answer passes its check.
 * A closed input ends the wizard before anything is applied. Main thread.
 */
final class Prompter {

    /** The input closed before the wizard had what it needs. */
    static final class InputClosed extends Exception {
        private static final long serialVersionUID = 1L;

        InputClosed() {
            super("the input closed before all answers were given");
        }
    }

    /** Where typed lines come from: the console (which can read a password without echo) or plain input. */
    interface Keyboard {
        String line() throws IOException;

        /** The console turns its echo off before it shows the prompt: a fast typist's first keys are not echoed either. */
        char[] secret(PrintStream out, String prompt) throws IOException;

        static Keyboard of(java.io.Console console) {
            return new Keyboard() {
                @Override
                public String line() {
                    return console.readLine();
                }

                @Override
                public char[] secret(PrintStream out, String prompt) {
                    out.flush();
                    return console.readPassword("%s", prompt);
                }
            };
        }

        static Keyboard of(BufferedReader in) {
            return new Keyboard() {
                @Override
                public String line() throws IOException {
                    return in.readLine();
                }

                @Override
                public char[] secret(PrintStream out, String prompt) throws IOException {
                    out.print(prompt);
                    out.flush();
                    String line = in.readLine();
                    return line == null ? null : line.toCharArray();
                }
            };
        }
    }

    private final Keyboard in;
    private final PrintStream out;

    Prompter(Keyboard in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    Prompter(BufferedReader in, PrintStream out) {
        this(Keyboard.of(in), out);
    }

    /** A password, not echoed on a console. */
    char[] secret(String prompt) throws IOException, InputClosed {
        char[] typed = this.in.secret(this.out, prompt);
        if (typed == null) {
            throw new InputClosed();
        }
        return typed;
    }

    Answers ask(List<Question> questions) throws IOException, InputClosed {
        Answers answers = new Answers();
        for (Question question : questions) {
            if (!question.applies().test(answers)) {
                continue;
            }
            this.out.println();
            this.out.println(question.why());
            String suggestion = question.suggestion().apply(answers);
            while (true) {
                String typed = this.line("  " + question.prompt() + (suggestion == null ? "" : " [" + suggestion + "]") + ": ");
                String value = typed.isEmpty() ? suggestion : typed;
                if (value == null) {
                    this.out.println("  ! an answer is needed here");
                    continue;
                }
                try {
                    answers.put(question.key(), question.check().apply(value, answers));
                    break;
                } catch (IllegalArgumentException e) {
                    this.out.println("  ! " + e.getMessage() + "; please try again");
                }
            }
        }
        return answers;
    }

    /** A yes/no question; Enter means yes. */
    boolean confirm(String prompt) throws IOException, InputClosed {
        while (true) {
            String typed = this.line(prompt + " [yes]: ").toLowerCase(java.util.Locale.ROOT);
            if (typed.isEmpty() || typed.equals("y") || typed.equals("yes")) {
                return true;
            }
            if (typed.equals("n") || typed.equals("no")) {
                return false;
            }
            this.out.println("  ! answer yes or no");
        }
    }

    private String line(String prompt) throws IOException, InputClosed {
        this.out.print(prompt);
        this.out.flush();
        String line = this.in.line();
        if (line == null) {
            throw new InputClosed();
        }
        return line.strip();
    }

    /**
     * The same questions without asking: the given answer, else the suggestion, each through its check.
     * @throws IllegalArgumentException naming the flag and the problem, for the first bad or missing answer
     */
    static Answers resolve(List<Question> questions, Answers given) {
        for (String key : given.asMap().keySet()) {
            if (questions.stream().noneMatch(q -> q.key().equals(key))) {
                throw new IllegalArgumentException("--" + key + ": there is no such question");
            }
        }
        Answers answers = new Answers();
        for (Question question : questions) {
            if (!question.applies().test(answers)) {
                continue;
            }
            String value = given.has(question.key()) ? given.get(question.key()) : question.suggestion().apply(answers);
            if (value == null) {
                throw new IllegalArgumentException("--" + question.key() + " is needed (" + question.why() + ")");
            }
            try {
                answers.put(question.key(), question.check().apply(value, answers));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--" + question.key() + ": " + e.getMessage(), e);
            }
        }
        return answers;
    }
}
