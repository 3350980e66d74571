// Package regfile opens and reads files as regular files only, with a
// bound on what is read: the files a user or a stranger hands bertvec (a
// checkpoint's config.json, vocab.txt, weights) and, through vecdir, the
// files of a vectors directory.
//
// A named pipe would hang a plain open or read forever, and a device such
// as /dev/zero would be read until memory runs out. OpenFile therefore
// opens without blocking (O_NONBLOCK, which changes nothing for a regular
// file) and refuses anything whose opened descriptor is not a regular
// file; ReadFile also refuses a file longer than its caller's limit.
//
// Links are a policy, chosen per call. By default a symbolic link is
// followed: a Hugging Face cache snapshot is made of links to blobs. With
// NoFollow a final link is refused (an Lstat before the open, and
// O_NOFOLLOW against one planted in between): vecdir opens every file of
// a vectors directory so, because bertvec writes there and a planted link
// must not redirect a write. Check is the same refusal for a name about
// to be created. Both policies report ErrNotRegular.
package regfile
