package io.jlvs.linux.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test that needs root and iproute2 (it builds network namespaces). Skipped where those
 * are missing, except under {@code CI=true}, where a skip would hide a broken CI machine and
 * the test fails instead.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RootLabCondition.class)
public @interface RequiresRootLab {}
