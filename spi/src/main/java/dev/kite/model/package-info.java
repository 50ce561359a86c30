/** Kite's task model: identifiers, templates, the type system and canonical values. */
package dev.kite.model;
