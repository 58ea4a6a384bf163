/**
 * Helpers shared by several packages of hypha-node; never part of a public signature (STYLE.md,
 * checked by {@code ArchitectureTest}).
 */
package io.hypha.node.internal;
