package io.jlvs.it.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs the network-namespace lab (root, iproute2, curl). Off root it is
 * skipped, except in CI ({@code CI=true}), where a skipped end-to-end test would hide a broken
 * machine and so fails instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LabRequirements.class)
public @interface RequiresLab {}
