/**
 * The pure data plane of jlvs: everything a worker does to a frame, with no threads, no I/O
 * and no wall clock. Time is passed in as a tick so every rule is a millisecond test.
 */
package io.jlvs.core;
