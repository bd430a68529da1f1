package org.didban.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * A rule's condition: a Google CEL expression compiled and type-checked once, at load, against
 * the variables of {@link ConditionInput} (documented in docs/RULES.md).
 */
public final class Condition {
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("value", SimpleType.DOUBLE)
            .addVar("previous", SimpleType.DOUBLE)
            .addVar("previous_time", SimpleType.DOUBLE)
            .addVar("phase_since", SimpleType.DOUBLE)
            .addVar("rate", SimpleType.DOUBLE)
            .addVar("labels", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("now", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
            .addVar("rates", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
            .addVar("type", SimpleType.STRING)
            .addVar("attributes", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("device", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("branch", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar("phase", SimpleType.STRING)
            .addVar("minutes_to_close", SimpleType.DOUBLE)
            .addVar("time", SimpleType.DOUBLE)
            .addVar("today", SimpleType.STRING)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final String source;
    private final CelRuntime.Program program;

    private Condition(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

    /** @throws IllegalArgumentException with CEL's own message when the expression does not compile or check */
    public static Condition compile(String expression) {
        try {
            CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
            return new Condition(expression, RUNTIME.createProgram(ast));
        } catch (CelValidationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (CelEvaluationException e) {
            throw new IllegalArgumentException("cannot prepare expression: " + e.getMessage(), e);
        }
    }

    /**
     * Evaluates against one input. A missing key or other runtime error means the condition
     * does not hold; it is reported through the exception so the caller can count it.
     */
    public boolean test(ConditionInput input) throws CelEvaluationException {
        return Boolean.TRUE.equals(program.eval(input));
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
