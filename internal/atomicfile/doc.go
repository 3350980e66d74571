// Package atomicfile writes files that appear complete or not at all.
//
// Write creates a temporary file in the target's directory (so that the
// final rename stays on one file system), writes it through a buffer,
// fsyncs it, makes it 0644 (os.CreateTemp makes 0600; bertvec's outputs
// are for sharing), renames it over the target and fsyncs the directory so
// that the rename survives a crash.
//
// On any error the temporary file is removed and the old file, if there
// was one, is untouched. A kill -9 leaves it, though, as large as the
// file was to be: every temporary name Write makes, random or fixed
// (FixedTemp), is one that TempTarget recognises, so that a directory's
// owner can remove what a crash left of its own files, and only those. Errors name the target: "write PATH: ...", the
// writer's own error included (test it with errors.Is). A failed fsync of
// the directory after the rename is reported too: the new file is then
// complete and in place, but its survival of a power cut is not assured,
// and a caller that says "written" must not say so.
//
// This is the one durability policy of the module. Writers with special
// needs use its options rather than a copy: a fixed temporary name that a
// resumed run can find (TempName), an opener that injects faults or
// refuses links (Opener), and Publish for a file filled in place, such as
// extract's preallocated .npy.partial.
package atomicfile
