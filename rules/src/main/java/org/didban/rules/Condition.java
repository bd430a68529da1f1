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
import java.util.Map;

/**
 * A rule's condition: a Google CEL expression compiled and type-checked once, at load. It sees
 * <ul>
 *   <li>{@code value} (double): the sample's value;</li>
 *   <li>{@code labels} (map of string to string): the sample's labels;</li>
 *   <li>{@code now} (map of string to double): the device's latest value of every metric that
 *       carries the same labels, e.g. {@code now.if_admin_status};</li>
 *   <li>{@code branch} (map): {@code sensitive}, {@code mobile} (bool), {@code fiber} (string),
 *       {@code province}, {@code county} (string).</li>
 * </ul>
 */
public final class Condition {
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("value", SimpleType.DOUBLE)
            .addVar("labels", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("now", MapType.create(SimpleType.STRING, SimpleType.DOUBLE))
            .addVar("branch", MapType.create(SimpleType.STRING, SimpleType.DYN))
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
     * Evaluates against one sample. A missing key or other runtime error means the condition
     * does not hold; it is reported through the exception so the caller can count it.
     */
    public boolean test(double value, Map<String, String> labels, Map<String, Double> now, Map<String, Object> branch)
            throws CelEvaluationException {
        Object result = program.eval(name -> switch (name) {
            case "value" -> java.util.Optional.of(value);
            case "labels" -> java.util.Optional.of(labels);
            case "now" -> java.util.Optional.of(now);
            case "branch" -> java.util.Optional.of(branch);
            default -> java.util.Optional.empty();
        });
        return Boolean.TRUE.equals(result);
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
