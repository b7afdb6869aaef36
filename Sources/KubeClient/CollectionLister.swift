import PolicyAPI

/// Reads a whole collection with paginated LIST calls (`limit` and `continue`), one page at a time.
///
/// For one-shot readers (`audit`), which need every object once rather than a cache kept up to date: no watch,
/// no resourceVersion bookkeeping beyond the continue token.
package struct CollectionLister {
    /// What a LIST of a collection found.
    package enum Outcome: Sendable, Equatable {
        /// The collection was read: this many items.
        case listed(Int)
        /// The API server does not serve the path (404: the CRD or version is not installed).
        case notServed
    }

    /// How many items each page asks for.
    package let pageSize: Int
    /// How many times an expired continue token (410) restarts the list before giving up.
    package let maximumRestarts: Int

    package init(pageSize: Int = 500, maximumRestarts: Int = 3) {
        self.pageSize = max(1, pageSize)
        self.maximumRestarts = maximumRestarts
    }

    /// Lists `path` (a collection path such as `/api/v1/pods`), handing each page's items to `onPage`.
    ///
    /// When a continue token expires (410 Gone) the list starts over after `onRestart` is called, so the caller
    /// drops what it kept of this collection; a 404 on the first page is `.notServed`.
    package func list(
        _ path: String, session: APIServerSession, onRestart: () -> Void = {},
        onPage: ([JSONValue]) throws(KubeClientError) -> Void
    ) throws(KubeClientError) -> Outcome {
        var restarts = 0
        while true {
            do {
                return try self.listOnce(path, session: session, onPage: onPage)
            } catch let error where error.isGone && restarts < self.maximumRestarts {
                restarts += 1
                onRestart()
            }
        }
    }

    /// One pass over the pages of `path`.
    private func listOnce(
        _ path: String, session: APIServerSession, onPage: ([JSONValue]) throws(KubeClientError) -> Void
    ) throws(KubeClientError) -> Outcome {
        var continueToken: String?
        var count = 0
        var isFirstPage = true
        repeat {
            var target = "\(path)?limit=\(self.pageSize)"
            if let token = continueToken { target += "&continue=\(token.queryEscaped)" }
            let body: [UInt8]
            do {
                body = try session.get(target)
            } catch let error where isFirstPage && error.httpStatus == 404 {
                return .notServed
            }
            isFirstPage = false
            let list: JSONValue
            do {
                list = try JSONDecoding.decode(body)
            } catch {
                throw .malformedResponse("the LIST of \(path) is not JSON: \(error)")
            }
            guard let items = list["items"]?.arrayValue ?? (list["items"]?.isNull == true ? [] : nil) else {
                throw .malformedResponse("the LIST of \(path) has no items array")
            }
            count += items.count
            try onPage(items)
            let token = list["metadata"]?["continue"]?.stringValue ?? ""
            continueToken = token.isEmpty ? nil : token
        } while continueToken != nil
        return .listed(count)
    }
}
